package bi.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import bi.ingest.load.LoadPathProperties;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.quartz.CronTrigger;

/** A changed cron reschedules the running route's Quartz trigger (real Camel, real Quartz), keeping its zone. */
class RouteSettingsRefresherTest {

    @Test
    void aChangedScheduleMakesTheRunningRouteFireOnTheNewCron() throws Exception {
        AtomicInteger fired = new AtomicInteger();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    // the lag route's shape: a stateful Quartz trigger in a zone of its own, far in the future
                    from("quartz:load/consumer-lag?cron=0 0 0 1 1 ? 2099&stateful=true&trigger.timeZone=Asia/Shanghai")
                            .routeId("load-consumer-lag").process(e -> fired.incrementAndGet());
                }
            });
            camel.start();
            Map<String, String> settings = Map.of("bi.load.lag-schedule", "0/1 * * * * ?");
            RouteSettingsRefresher refresher = new RouteSettingsRefresher(camel, new LoadPathProperties(), settings::get);

            Set<String> applied = refresher.refresh(Set.of("bi.load.lag-schedule", "bi.backfill.workers"));

            assertThat(applied).containsExactly("bi.load.lag-schedule");
            await().atMost(Duration.ofSeconds(10)).until(() -> fired.get() >= 2);
            QuartzEndpoint quartz = (QuartzEndpoint) camel.getRoute("load-consumer-lag").getEndpoint();
            CronTrigger trigger = (CronTrigger) quartz.getComponent().getScheduler().getTrigger(quartz.getTriggerKey());
            assertThat(trigger.getCronExpression()).isEqualTo("0/1 * * * * ?");
            assertThat(trigger.getTimeZone().getID()).isEqualTo("Asia/Shanghai");
        }
    }
}
