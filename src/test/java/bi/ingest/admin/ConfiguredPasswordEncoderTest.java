package bi.ingest.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfiguredPasswordEncoderTest {

    private final ConfiguredPasswordEncoder encoder = new ConfiguredPasswordEncoder();

    @Test
    void theConfiguredPasswordMatchesAndNothingElseDoes() {
        String encoded = encoder.encode("s3cret-of-the-admin");
        assertThat(encoder.matches("s3cret-of-the-admin", encoded)).isTrue();
        assertThat(encoder.matches("s3cret-of-the-admiN", encoded)).isFalse();
        assertThat(encoder.matches("", encoded)).isFalse();
        assertThat(encoder.matches(null, encoded)).isFalse();
        assertThat(encoder.matches("s3cret-of-the-admin", "not-an-encoding")).isFalse();
    }

    @Test
    void eachEncodingIsSaltedAndNeverHoldsThePassword() {
        String a = encoder.encode("same-password");
        String b = encoder.encode("same-password");
        assertThat(a).isNotEqualTo(b).doesNotContain("same-password");
        assertThat(encoder.matches("same-password", b)).isTrue();
    }
}
