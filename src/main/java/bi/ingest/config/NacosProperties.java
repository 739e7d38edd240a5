package bi.ingest.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code bi.nacos.*}: where the service's configuration lives in Nacos (one YAML data id). application.yml hands
 * these to Spring Cloud Alibaba's Nacos client ({@code spring.cloud.nacos.config.*} and the
 * {@code spring.config.import} of {@code nacos:<data-id>}); this class documents them and lets the service report
 * where its configuration came from.
 */
@ConfigurationProperties("bi.nacos")
public class NacosProperties {

    /** Nacos on or off (off = configuration from the files and the environment only). */
    private boolean enabled;
    /** host:port of the Nacos server(s), comma-separated (or a load balancer). */
    private String serverAddr = "127.0.0.1:8848";
    /** Namespace id; empty = the public namespace. */
    private String namespace = "";
    private String group = "DEFAULT_GROUP";
    /** The YAML document holding bi-ingest's settings (any key of application.yml). */
    private String dataId = "bi-ingest.yaml";
    /** Nacos user when the server has authentication on; empty = anonymous. */
    private String username = "";
    private String password = "";
    /** How long the first read of the config waits for the server at start. */
    private long timeoutMs = 3000;

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
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
    public long getTimeoutMs() { return timeoutMs; }
    public void setTimeoutMs(long timeoutMs) { this.timeoutMs = timeoutMs; }

    /** Where, without the credentials. */
    public String describe() {
        return serverAddr + " namespace " + (namespace.isBlank() ? "public" : namespace) + " data id " + dataId
                + " group " + group;
    }
}
