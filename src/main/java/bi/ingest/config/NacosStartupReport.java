package bi.ingest.config;

import com.alibaba.cloud.nacos.NacosConfigManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/** One line at start: how many settings came from Nacos, or a WARN that it did not answer (and what applies). */
public class NacosStartupReport implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(NacosStartupReport.class);

    private final NacosProperties props;
    private final NacosConfigManager nacos;
    private final ConfigurableEnvironment env;

    public NacosStartupReport(NacosProperties props, NacosConfigManager nacos, ConfigurableEnvironment env) {
        this.props = props;
        this.nacos = nacos;
        this.env = env;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        int settings = 0;
        for (PropertySource<?> source : env.getPropertySources()) {
            if (NacosPrecedence.isFromNacos(source.getName(), props.getGroup(), props.getDataId())
                    && source instanceof EnumerablePropertySource<?> e) {
                settings += e.getPropertyNames().length;
            }
        }
        if ("UP".equals(nacos.getConfigService().getServerStatus())) {
            LOG.info("Nacos configuration: {} settings from {}", settings, props.describe());
        } else {
            LOG.warn("Nacos unreachable ({}): running on the configuration files and the embedded defaults{}; "
                    + "Nacos's settings apply once it answers", props.describe(),
                    settings == 0 ? "" : " and " + settings + " settings from the client's last snapshot");
        }
    }
}
