package bi.ingest.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import bi.ingest.erp.jushuitan.JushuitanHttp;
import bi.ingest.load.LoadPathTestSupport;
import bi.ingest.sandbox.HeadlessChromium;
import bi.ingest.sandbox.TestSandboxes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * An operator logs in and opens Hawtio's Camel routes page: our routes are listed; and the endpoints page lists the
 * Jushuitan API (Camel's HTTP component) among the endpoints (screenshots in target/).
 */
class HawtioConsoleTest extends LoadPathTestSupport {

    @LocalServerPort
    int port;

    @Autowired
    JushuitanHttp erpHttp;

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

            // the ERP is an endpoint of its own: Camel's HTTP endpoint at the API's base URL, fed by route jushuitan-api
            String erp = JUSHUITAN.apiUrl();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                String tree = browser.findElement(By.tagName("body")).getText();
                return tree.contains(erp) && tree.contains("direct://jushuitan-api");
            });
            // a call to the ERP (an unknown app: the platform answers with an error code, over HTTP 200)
            assertThat(erpHttp.post("/open/shops/query", "unknown-app", "unknown-secret", Map.of()).code()).isNotZero();
            // the route's statistics, with the ERP endpoint among the endpoints in the tree
            browser.findElement(By.xpath("//*[normalize-space(text())='jushuitan-api']")).click();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                    browser.findElement(By.xpath("//*[normalize-space(text())='Attributes']")).click());
            Path endpoints = Path.of("target", "hawtio-jushuitan-api.png");
            try {
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                        browser.findElement(By.tagName("body")).getText().matches("(?s).*ExchangesCompleted [1-9].*"));
            } finally {
                Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), endpoints, StandardCopyOption.REPLACE_EXISTING);
                Files.writeString(Path.of("target", "hawtio-jushuitan-api.txt"), browser.findElement(By.tagName("body")).getText());
            }
            assertThat(Files.size(endpoints)).isGreaterThan(10_000);
        } finally {
            browser.quit();
        }
    }
}
