package bi.ingest.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import bi.ingest.sandbox.OrderGenerator;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReplayTest extends LoadPathTestSupport {

    @Test
    void resettingTheConsumerGroupToTheBeginningAddsNotOneRowToTheDuplicateKeyTable() throws Exception {
        FEED.send(account("replay"), new OrderGenerator(5_000_000), 3_000);
        await().atMost(Duration.ofSeconds(60)).until(() -> KAFKA.fullyCommitted(GROUP, TOPIC));
        int rawRows = STREAMLOAD.table("erp_raw_event").count();
        long rowsReceived = STREAMLOAD.table("erp_raw_event").rowsReceived();

        camel.getRouteController().stopRoute(ROUTE);
        KAFKA.resetToBeginning(GROUP, TOPIC);
        assertThat(KAFKA.fullyCommitted(GROUP, TOPIC)).isFalse();
        camel.getRouteController().startRoute(ROUTE);

        await().atMost(Duration.ofSeconds(60)).until(() -> KAFKA.fullyCommitted(GROUP, TOPIC));
        assertThat(STREAMLOAD.table("erp_raw_event").count()).isEqualTo(rawRows);
        assertThat(STREAMLOAD.table("erp_raw_event").rowsReceived()).isEqualTo(rowsReceived);
    }
}
