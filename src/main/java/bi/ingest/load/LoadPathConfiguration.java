package bi.ingest.load;

import bi.ingest.erp.jushuitan.JushuitanProperties;
import bi.ingest.erp.leke.LekeEventNormalizer;
import bi.ingest.erp.leke.LekeProperties;
import bi.ingest.kafka.KafkaCluster;
import bi.ingest.normalize.JushuitanInventoryMapper;
import bi.ingest.normalize.JushuitanMapper;
import bi.ingest.normalize.JushuitanOrderMapper;
import bi.ingest.normalize.JushuitanRefundMapper;
import bi.ingest.normalize.JushuitanShopMapper;
import bi.ingest.normalize.JushuitanSkuMapper;
import bi.ingest.normalize.TableCatalog;
import bi.ingest.streamload.StreamLoadClient;
import bi.ingest.streamload.StreamLoadHealth;
import bi.ingest.streamload.StreamLoadProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.component.kafka.KafkaClientFactory;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.EventNotifierSupport;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/** The beans the load routes ({@code routes/load-starrocks.yaml}, {@code routes/dead-letter.yaml}) call by name. */
@Configuration(proxyBeanMethods = false)
public class LoadPathConfiguration {

    /** Thread pool profile of the Stream Loads (referred to by the load routes). */
    public static final String STREAM_LOAD_THREADS = "StreamLoad";
    /** Thread pool profile of a load route's split over the partitions of a batch: its threads normalize them. */
    public static final String PARTITION_THREADS = "PartitionBatches";

    /**
     * The load routes' consumers leave a record's Kafka headers where camel-kafka puts them ({@code kafka.HEADERS}):
     * copying each into the Camel message cost a tenth of the consumer threads' time, for headers read once.
     */
    @Bean
    HeaderFilterStrategy kafkaHeadersKeptOnRecord() {
        return new HeaderFilterStrategy() {
            @Override
            public boolean applyFilterToCamelHeaders(String name, Object value, Exchange exchange) {
                return false;
            }

            @Override
            public boolean applyFilterToExternalHeaders(String name, Object value, Exchange exchange) {
                return true;
            }
        };
    }

    /** camel-kafka's clients (autowired by type); a load route's consumer stops reading while its batch is full. */
    @Bean
    KafkaClientFactory batchBoundedKafkaClientFactory() {
        return new BatchBoundedKafkaClientFactory();
    }

    @Bean
    TableCatalog tableCatalog() {
        return TableCatalog.fromClasspath();
    }

    @Bean
    Flow jushuitanOrders(TableCatalog catalog, JushuitanProperties jushuitan) {
        return new Flow("jushuitan-orders", JushuitanMapper.SOURCE, "orders",
                new JushuitanOrderMapper(catalog, jushuitan.deletedStatuses("orders")));
    }

    @Bean
    Flow jushuitanRefunds(TableCatalog catalog, JushuitanProperties jushuitan) {
        return new Flow("jushuitan-refunds", JushuitanMapper.SOURCE, "refunds",
                new JushuitanRefundMapper(catalog, jushuitan.deletedStatuses("refunds")));
    }

    @Bean
    Flow jushuitanInventory(TableCatalog catalog) {
        return new Flow("jushuitan-inventory", JushuitanMapper.SOURCE, "inventory", new JushuitanInventoryMapper(catalog));
    }

    @Bean
    Flow jushuitanSkus(TableCatalog catalog) {
        return new Flow("jushuitan-skus", JushuitanMapper.SOURCE, "skus", new JushuitanSkuMapper(catalog));
    }

    @Bean
    Flow jushuitanShops(TableCatalog catalog, JushuitanProperties jushuitan) {
        return new Flow("jushuitan-shops", JushuitanMapper.SOURCE, "shops",
                new JushuitanShopMapper(catalog, jushuitan.getTimeZone()));
    }

    @Bean(destroyMethod = "close")
    StreamLoadClient streamLoadClient(StreamLoadProperties props, ObjectMapper json) {
        return new StreamLoadClient(props, json);
    }

    @Bean
    StreamLoadHealth streamLoadHealthIndicator(StreamLoadProperties props, ObjectMapper json) {
        return new StreamLoadHealth(props, json);
    }

    @Bean
    StreamLoader streamLoader(StreamLoadClient client, StreamLoadProperties props, MeterRegistry meters, LoadPathStats stats) {
        return new StreamLoader(client, props, meters, stats);
    }

    @Bean
    LoadPathStats loadPathStats(LoadPathGuard guard) {
        return new LoadPathStats(guard);
    }

    @Bean
    LoadPathGuard loadPathGuard() {
        return new LoadPathGuard();
    }

    @Bean
    PartitionStateStore partitionStates(JdbcTemplate jdbc) {
        return new PartitionStateStore(jdbc);
    }

    @Bean
    PartitionBatchCutter partitionBatches(PartitionStateStore states) {
        return new PartitionBatchCutter(states);
    }

    @Bean
    BatchNormalizer batchNormalizer(List<Flow> flows, LoadPathProperties props, StreamLoadProperties streamLoad, Clock clock) {
        return new BatchNormalizer(flows, props, streamLoad.getFormat(), clock);
    }

    @Bean
    BatchOffsets batchOffsets(PartitionStateStore states, LoadPathGuard guard) {
        return new BatchOffsets(states, guard);
    }

    @Bean
    DeadLetters deadLetters(CamelContext camel) {
        return new DeadLetters(camel);
    }

    @Bean
    Flow leke(TableCatalog catalog, LekeProperties leke) {
        return new Flow("leke", LekeEventNormalizer.SOURCE, "events", new LekeEventNormalizer(catalog, leke));
    }

    /**
     * The lag of every load route's consumer group ({@code <bi.load.consumer.group-id>.<flow>}) on its topics: a
     * Jushuitan flow reads {@code bi.topics.<flow>}, the Leke route {@code bi.leke.topics}.
     */
    @Bean
    ConsumerLag consumerLag(List<Flow> flows, LoadPathProperties props, LekeProperties leke, Environment env,
                            KafkaCluster kafka, MeterRegistry meters, LoadProgress progress) {
        List<ConsumerLag.Consumer> consumers = flows.stream().map(f -> {
            String group = props.getConsumer().getGroupId() + "." + f.name();
            return f.source().equals(LekeEventNormalizer.SOURCE)
                    ? ConsumerLag.Consumer.of(group, leke.getTopics(), leke.isTopicIsPattern())
                    : ConsumerLag.Consumer.of(group, env.getRequiredProperty("bi.topics." + f.name()), false);
        }).toList();
        return new ConsumerLag(kafka.admin(), consumers, meters, progress);
    }

    @Bean
    BatchLog batchLog(MeterRegistry meters, LoadPathStats stats, LoadProgress progress) {
        return new BatchLog(meters, stats, progress);
    }

    /** Health {@code loadProgress}: a load route with lag and no commit for {@code bi.load.stuck-after}. */
    @Bean
    LoadProgress loadProgressHealthIndicator(LoadPathProperties props) {
        return new LoadProgress(props, java.time.Clock.systemUTC());
    }

    /** Health {@code loadConsumers}: a load route whose consumer thread died, until it is restarted. */
    @Bean
    ConsumerDeaths loadConsumersHealthIndicator(MeterRegistry meters) {
        return new ConsumerDeaths(meters);
    }

    /** Camel's thread pools, with its Kafka consumers' polling loops watched for a death by error. */
    @Bean
    WatchedThreadPoolFactory watchedThreadPoolFactory(ConsumerDeaths deaths) {
        return new WatchedThreadPoolFactory(deaths);
    }

    /**
     * The load path's hooks into the CamelContext: starting a halted route again (JMX) clears the halt, and a dead
     * consumer's route is found and restarted through the context; the load routes' split over a batch's tables runs
     * on the thread pool profile {@value #STREAM_LOAD_THREADS}, {@code bi.streamload.parallel-loads} threads, and their
     * split over a batch's partitions on {@value #PARTITION_THREADS}, {@code bi.load.consumer.normalize-threads}.
     */
    @Bean
    CamelContextConfiguration loadPathCamelHooks(LoadPathGuard guard, ConsumerDeaths deaths, StreamLoadProperties streamLoad,
                                                 LoadPathProperties load) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext context) {
                deaths.setCamelContext(context);
                int threads = streamLoad.getParallelLoads();
                context.getExecutorServiceManager().registerThreadPoolProfile(new ThreadPoolProfileBuilder(STREAM_LOAD_THREADS)
                        .poolSize(threads).maxPoolSize(threads).maxQueueSize(-1).build());
                int partitions = Math.max(1, load.getConsumer().getNormalizeThreads());
                context.getExecutorServiceManager().registerThreadPoolProfile(new ThreadPoolProfileBuilder(PARTITION_THREADS)
                        .poolSize(partitions).maxPoolSize(partitions).maxQueueSize(-1).build());
                context.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
                    @Override
                    public void notify(CamelEvent event) {
                        if (event instanceof CamelEvent.RouteStartedEvent started) {
                            guard.resume(started.getRoute().getRouteId());
                        }
                    }
                });
            }

            @Override
            public void afterApplicationStart(CamelContext context) {
            }
        };
    }
}
