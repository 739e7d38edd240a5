package bi.ingest.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import bi.ingest.load.LoadPathTestSupport;
import bi.ingest.sandbox.HeadlessChromium;
import bi.ingest.sandbox.TestSandboxes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.boot.test.web.server.LocalServerPort;

/** An operator logs in and opens Hawtio's Camel routes page: our routes are listed (screenshot in target/). */
class HawtioConsoleTest extends LoadPathTestSupport {

    @LocalServerPort
    int port;

    @Test
    void afterLoggingInHawtiosCamelRoutesPageListsOurRoutes() throws Exception {
        ChromeDriver browser = HeadlessChromium.start();
        try {
            String base = "http://127.0.0.1:" + port;
            browser.get(base + "/login");
            browser.findElement(By.id("username")).sendKeys(TestSandboxes.ADMIN_USER);
            browser.findElement(By.id("password")).sendKeys(TestSandboxes.ADMIN_PASSWORD);
            browser.findElement(By.cssSelector("button[type=submit]")).click();
            await().atMost(Duration.ofSeconds(30)).until(() -> browser.getCurrentUrl().contains("/actuator/hawtio"));

            browser.get(base + "/actuator/hawtio/camel/routes");
            // the routes table (not only the JMX tree) lists our routes with their state and counters
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                String table = browser.findElement(By.cssSelector("table")).getText();
                return table.contains("Completed") && table.contains("Started") && table.contains("load-leke")
                        && table.contains("load-jushuitan-orders") && table.contains("dead-letter");
            });
            Path shot = Path.of("target", "hawtio-camel-routes.png");
            Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
            assertThat(Files.size(shot)).isGreaterThan(10_000);
        } finally {
            browser.quit();
        }
    }
}
