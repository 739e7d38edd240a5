package bi.ingest.backfill;

import bi.ingest.account.AccountStore;
import bi.ingest.erp.SnowflakeIds;
import bi.ingest.erp.jushuitan.JushuitanProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The beans {@code routes/backfill.yaml} calls. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BackfillProperties.class)
public class BackfillConfiguration {

    @Bean
    BackfillStore backfillStore(JdbcTemplate jdbc, Clock clock) {
        return new BackfillStore(jdbc, clock);
    }

    @Bean
    Backfills backfills(BackfillStore store, AccountStore accounts, BackfillProperties props, JushuitanProperties jushuitan,
                        SnowflakeIds ids, Clock clock, MeterRegistry meters, bi.ingest.cluster.ClusterLeases leases) {
        return new Backfills(store, accounts, props, jushuitan, ids, clock, meters, leases);
    }

    @Bean
    ScheduledBackfills scheduledBackfills(Backfills backfills, BackfillProperties props, Clock clock,
                                          JushuitanProperties jushuitan, bi.ingest.cluster.ClusterLeases leases) {
        return new ScheduledBackfills(backfills, props, clock, java.util.TimeZone.getTimeZone(jushuitan.getTimeZone()), leases);
    }
}
