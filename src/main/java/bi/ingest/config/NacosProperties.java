package bi.ingest.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code bi.nacos.*}: where the service's configuration lives in Nacos (one YAML data id, read through Nacos's
 * HTTP Open API v1). No server address = Nacos off; an unreachable server = start on the embedded defaults.
 */
@ConfigurationProperties("bi.nacos")
public class NacosProperties {

    /** host:port of the Nacos server (or its load balancer); empty = Nacos is not used. */
    private String serverAddr = "";
    /** Namespace id (Nacos "tenant"); empty = the public namespace. */
    private String namespace = "";
    private String group = "DEFAULT_GROUP";
    /** The YAML document holding bi-ingest's settings (any key of application.yml). */
    private String dataId = "bi-ingest.yaml";
    /** Nacos user when the server has authentication on; empty = anonymous. */
    private String username = "";
    private String password = "";
    /** How often a change is looked for. */
    private Duration pollInterval = Duration.ofSeconds(10);
    /** Connect and answer timeout of each Nacos call. */
    private Duration timeout = Duration.ofSeconds(3);

    public boolean enabled() {
        return serverAddr != null && !serverAddr.isBlank();
    }

    public String getServerAddr() { return serverAddr; }
    public void setServerAddr(String serverAddr) { this.serverAddr = serverAddr; }
    public String getNamespace() { return namespace; }
    public void setNamespace(String namespace) { this.namespace = namespace; }
    public String getGroup() { return group; }
    public void setGroup(String group) { this.group = group; }
    public String getDataId() { return dataId; }
    public void setDataId(String dataId) { this.dataId = dataId; }
    public String getUsername() { return username; }
    public void setUsername(String username) { this.username = username; }
    public String getPassword() { return password; }
    public void setPassword(String password) { this.password = password; }
    public Duration getPollInterval() { return pollInterval; }
    public void setPollInterval(Duration pollInterval) { this.pollInterval = pollInterval; }
    public Duration getTimeout() { return timeout; }
    public void setTimeout(Duration timeout) { this.timeout = timeout; }
}
