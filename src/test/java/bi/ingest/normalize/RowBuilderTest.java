package bi.ingest.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RowBuilderTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "旗舰店", "é ü", "emoji 😀 twice 😀", "混合 mixed ü"})
    void countsUtf8BytesAsStarRocksDoes(String s) {
        assertThat(RowBuilder.utf8Length(s)).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
    }
}
