package bi.ingest.cluster;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Several instances on one state store: leases ({@code routes/cluster.yaml} renews them) and the H2 guard. */
@Configuration(proxyBeanMethods = false)
public class ClusterConfiguration {

    @Bean
    ClusterLeases clusterLeases(JdbcTemplate jdbc, Clock clock, @Value("${bi.cluster.instance-id:}") String configured,
                                @Value("${bi.cluster.lease-ttl:20s}") Duration ttl, SingleInstanceGuard guard) {
        return new ClusterLeases(jdbc, clock, configured.isBlank() ? defaultInstanceId() : configured, ttl);
    }

    /** A second instance on an H2 file refuses to start: H2 is for one instance, PostgreSQL for several. */
    @Bean(destroyMethod = "close")
    SingleInstanceGuard singleInstanceGuard(@Value("${spring.datasource.url:}") String url) {
        return SingleInstanceGuard.forDatabase(url);
    }

    /** Host name (the pod's, on Kubernetes), process id and a random part: unique even for restarts. */
    private static String defaultInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown-host";
        }
        return host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
