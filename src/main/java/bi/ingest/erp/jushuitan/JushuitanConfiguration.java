package bi.ingest.erp.jushuitan;

import bi.ingest.account.AccountStore;
import bi.ingest.account.CheckpointStore;
import bi.ingest.account.TokenStore;
import bi.ingest.erp.SnowflakeIds;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The beans the Jushuitan routes ({@code routes/jushuitan-pull.yaml}, {@code routes/admin-api.yaml}) call. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(JushuitanProperties.class)
public class JushuitanConfiguration {

    /** The idempotent repository's processor name (rows of CAMEL_MESSAGEPROCESSED). */
    static final String PULLED_RECORDS = "jushuitan-pull";

    @Bean
    SnowflakeIds eventIds(@Value("${bi.worker-id}") int workerId, Clock clock) {
        return new SnowflakeIds(workerId, clock);
    }

    @Bean
    JushuitanHttp jushuitanHttp(JushuitanProperties props, ObjectMapper json, Clock clock, ProducerTemplate camel) {
        if (!props.getPull().getOverlap().minus(props.getPull().getMaxWindow()).isNegative()) {
            throw new IllegalStateException("bi.jushuitan.pull.overlap must be shorter than bi.jushuitan.pull.max-window");
        }
        return new JushuitanHttp(props, json, clock, camel, "direct:jushuitan-api");
    }

    @Bean
    JushuitanTokens jushuitanTokens(JushuitanHttp http, TokenStore tokens, JushuitanProperties props, Clock clock,
                                    MeterRegistry meters, org.springframework.transaction.support.TransactionTemplate tx) {
        return new JushuitanTokens(http, tokens, props, clock, meters, tx);
    }

    /** The apps' rate limits, shared by every instance through the state store. */
    @Bean
    SharedRateLimiter sharedRateLimiter(org.springframework.jdbc.core.JdbcTemplate jdbc,
                                        org.springframework.transaction.support.TransactionTemplate tx, Clock clock) {
        return new SharedRateLimiter(jdbc, tx, clock);
    }

    @Bean
    JushuitanApi jushuitanApi(JushuitanHttp http, JushuitanTokens tokens, JushuitanProperties props, MeterRegistry meters,
                              SharedRateLimiter limiter) {
        return new JushuitanApi(http, tokens, props, meters, limiter);
    }

    @Bean
    RecordMessages recordMessages(CamelContext camel, ObjectMapper json, SnowflakeIds eventIds, Environment env) {
        java.util.Map<String, String> topics = new java.util.HashMap<>();
        for (JushuitanEntity e : JushuitanEntity.values()) {
            topics.put(e.entity(), env.getRequiredProperty("bi.topics.jushuitan-" + e.entity()));
        }
        return new RecordMessages(camel, json, eventIds, topics);
    }

    @Bean
    JushuitanPulls jushuitanPulls(AccountStore accounts, TokenStore tokens, CheckpointStore checkpoints, JushuitanApi api,
                                  JushuitanProperties props, ObjectMapper json, RecordMessages records, Clock clock,
                                  MeterRegistry meters, bi.ingest.cluster.ClusterLeases leases) {
        return new JushuitanPulls(accounts, tokens, checkpoints, api, props, json, records, clock, meters, leases);
    }

    @Bean
    JushuitanPush jushuitanPush(AccountStore accounts, RecordMessages records, ObjectMapper json, Clock clock,
                                JushuitanProperties props) {
        return new JushuitanPush(accounts, records, json, clock, props.getPush().getTimestampTolerance());
    }

    @Bean
    PulledRecordsHousekeeping pulledRecordsHousekeeping(DataSource dataSource, JushuitanProperties props, Clock clock) {
        return new PulledRecordsHousekeeping(new org.springframework.jdbc.core.JdbcTemplate(dataSource), PULLED_RECORDS,
                props.getPull().getDedupRetention(), clock);
    }

    /** Record versions the pulls published already (table CAMEL_MESSAGEPROCESSED, created by Flyway). */
    @Bean
    JdbcMessageIdRepository jushuitanPulledRecords(DataSource dataSource) {
        JdbcMessageIdRepository repo = new JdbcMessageIdRepository(dataSource, PULLED_RECORDS);
        repo.setCreateTableIfNotExists(false);
        return repo;
    }
}
