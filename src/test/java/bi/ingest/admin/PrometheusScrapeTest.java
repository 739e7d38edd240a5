package bi.ingest.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import bi.ingest.load.LoadPathTestSupport;
import bi.ingest.sandbox.AdminClient;
import bi.ingest.sandbox.LekeFeed;
import bi.ingest.sandbox.OrderGenerator;
import bi.ingest.sandbox.TestSandboxes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** What a Prometheus server scraping /actuator/prometheus (as the viewer) sees while orders are loaded. */
class PrometheusScrapeTest extends LoadPathTestSupport {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z0-9_:]+)\\{([^}]*)} ([0-9.E+-]+)$", Pattern.MULTILINE);

    @LocalServerPort
    int port;

    @Test
    void aScrapeDuringALoadShowsRowsPerTableAndALagThatFallsToZero() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> KAFKA.fullyCommitted(GROUP, TOPIC));
        camel.getRouteController().stopRoute(ROUTE);
        try {
            FEED.send(account("scrape"), new OrderGenerator(9_300_000), 60);
            await().atMost(Duration.ofSeconds(30)).until(() -> sum(scrape(), "bi_kafka_consumer_lag", "group=\"" + GROUP + "\"") == 60);
        } finally {
            camel.getRouteController().startRoute(ROUTE);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> sum(scrape(), "bi_kafka_consumer_lag", "group=\"" + GROUP + "\"") == 0);
        String scrape = scrape();
        for (String table : new String[] {"erp_order", "erp_order_item", "erp_order_payment", "erp_raw_event"}) {
            assertThat(sum(scrape, "bi_load_rows_total", "table=\"" + table + "\"")).as(table).isPositive();
        }
        assertThat(sum(scrape, "bi_streamload_duration_seconds_count", "outcome=\"loaded\"")).isPositive();
        assertThat(sum(scrape, "resilience4j_circuitbreaker_state", "name=\"streamload\",state=\"closed\"")).isEqualTo(1);
    }

    @Test
    void deadLetteredRecordsAreCountedByReason() {
        LekeFeed leke = new LekeFeed(KAFKA);
        leke.sendRaw(LekeFeed.STOCK, "scrape:1", "{\"event_id\":".getBytes(StandardCharsets.UTF_8));
        leke.flush();
        await().atMost(Duration.ofSeconds(60)).until(() -> sum(scrape(), "bi_load_dead_letters_total",
                "reason=\"malformed JSON\",topic=\"" + LekeFeed.STOCK + "\"") >= 1);
    }

    private String scrape() {
        AdminClient.Answer a = new AdminClient(port, TestSandboxes.VIEWER_USER, TestSandboxes.VIEWER_PASSWORD)
                .get("/actuator/prometheus");
        assertThat(a.status()).isEqualTo(200);
        return a.body();
    }

    /** The sum of a metric's samples whose labels contain {@code labels}. */
    private static double sum(String scrape, String metric, String labels) {
        double total = 0;
        Matcher m = SAMPLE.matcher(scrape);
        while (m.find()) {
            if (m.group(1).equals(metric) && m.group(2).contains(labels)) {
                total += Double.parseDouble(m.group(3));
            }
        }
        return total;
    }
}
