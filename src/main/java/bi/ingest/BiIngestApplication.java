package bi.ingest;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** bi-ingest: ERP data through Kafka into StarRocks. The flows are the YAML routes under {@code routes/}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class BiIngestApplication {

    public static void main(String[] args) {
        SpringApplication.run(BiIngestApplication.class, args);
    }
}
