package bi.ingest.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium and chromedriver (packages chromium, chromium-driver; .ci/run installs them), driven by
 * Selenium. Tests are skipped where they are missing, unless BI_TEST_CHROMIUM=required (as CI sets it).
 */
public final class HeadlessChromium {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private HeadlessChromium() {
    }

    public static ChromeDriver start() throws IOException {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        if ("required".equals(System.getenv("BI_TEST_CHROMIUM"))) {
            assertThat(installed).as("chromium and chromedriver in /usr/bin (BI_TEST_CHROMIUM=required)").isTrue();
        }
        assumeTrue(installed, "chromium or chromedriver not installed (apt-get install chromium chromium-driver)");
        Path profile = Files.createTempDirectory(Path.of("target"), "chromium-");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toString()).addArguments(
                // what a closed network needs: no background connections, no sandbox as root
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1440,1600", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
