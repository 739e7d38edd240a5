package bi.ingest.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SingleInstanceGuardTest {

    @Test
    void aSecondInstanceOnTheSameH2FileRefusesToStartAndNamesPostgreSql() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "h2-guard-");
        String url = "jdbc:h2:file:" + dir.resolve("state") + ";AUTO_SERVER=TRUE";
        try (SingleInstanceGuard first = SingleInstanceGuard.forDatabase(url)) {
            assertThatThrownBy(() -> SingleInstanceGuard.forDatabase(url))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Another bi-ingest instance uses the H2 state store")
                    .hasMessageContaining("PostgreSQL");
            SingleInstanceGuard.forDatabase("jdbc:h2:file:" + dir.resolve("other")).close(); // another file is free
        }
        SingleInstanceGuard.forDatabase(url).close(); // free again once the first is gone
    }

    @Test
    void onlyH2FilesAreGuarded() {
        assertThat(SingleInstanceGuard.h2File("jdbc:postgresql://db:5432/bi")).isNull();
        assertThat(SingleInstanceGuard.h2File("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1")).isNull();
        assertThat(SingleInstanceGuard.h2File("jdbc:h2:tcp://host/x")).isNull();
        assertThat(SingleInstanceGuard.h2File("jdbc:h2:./data/bi-ingest")).isEqualTo(Path.of("data/bi-ingest").toAbsolutePath());
        assertThat(SingleInstanceGuard.h2File("jdbc:h2:file:/var/lib/bi/state;MODE=PostgreSQL")).isEqualTo(Path.of("/var/lib/bi/state"));
        assertThat(SingleInstanceGuard.h2File("jdbc:h2:~/bi/state")).isEqualTo(Path.of(System.getProperty("user.home"), "bi", "state"));
    }
}
