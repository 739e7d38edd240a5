package bi.ingest.erp.jushuitan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The test vectors of specs/jushuitan.md, "Signing" and its corrections. */
class JushuitanSignerTest {

    private static final String SECRET = "test_secret_0123";

    @Test
    void specVectors() {
        String window = "{\"page_index\":1,\"page_size\":50,\"modified_begin\":\"2024-11-20 00:00:00\",\"modified_end\":\"2024-11-24 00:00:00\"}";
        assertThat(sign(Map.of("access_token", "test_token", "version", "2", "biz", window))).isEqualTo("9b9f10ae987bcd061edd6ed9989d522a");
        assertThat(sign(Map.of("access_token", "test_token", "version", "2", "biz", "{\"shop_name\":\"旗舰店\",\"page_index\":1}")))
                .isEqualTo("6a2dc7999bb94f26d154a55c641a17f2");
        assertThat(sign(Map.of("grant_type", "authorization_code", "code", "Ab12Cd"))).isEqualTo("1eda3c403ba483c5b8fe608a29201279");
        assertThat(sign(Map.of("grant_type", "refresh_token", "refresh_token", "test_refresh", "scope", "all")))
                .isEqualTo("99709ecce39e465bb97785b3acf3a289");
        assertThat(sign(Map.of("state", "acct-7"))).isEqualTo("695fb3852ddbf1105459404decbf94d1");
    }

    /** The spec's common parameters (app_key, timestamp, charset) plus the given ones, signed with its test secret. */
    private static String sign(Map<String, String> extra) {
        Map<String, String> params = new HashMap<>(Map.of("app_key", "test_app_key", "timestamp", "1732420800", "charset", "utf-8"));
        params.putAll(extra);
        return JushuitanSigner.sign(SECRET, params);
    }

    @Test
    void thePlatformsOwnWorkedExamples() {
        assertThat(JushuitanSigner.sign("e9c5ca33fecb404b8e6cdbd0ef4a6d25", Map.of("app_key", "5b53060f23d84ddf9703056e84fa5a2d",
                "timestamp", "1639128407", "grant_type", "authorization_code", "charset", "utf-8", "code", "123456")))
                .isEqualTo("05e3a51e19e0883afd1882ccd309e0b9");
        assertThat(JushuitanSigner.sign("secret", Map.of("timestamp", "100", "app_key", "app", "charset", "utf-8")))
                .isEqualTo("706427ca94e342781ac36d501151cb10");
    }

    @Test
    void emptyValuesAndTheSignItselfAreLeftOut() {
        Map<String, String> params = new HashMap<>(Map.of("timestamp", "100", "app_key", "app", "charset", "utf-8", "empty", "",
                "sign", "whatever"));
        params.put("absent", null);
        assertThat(JushuitanSigner.sign("secret", params)).isEqualTo("706427ca94e342781ac36d501151cb10");
        params.put("sign", "706427CA94E342781AC36D501151CB10");
        assertThat(JushuitanSigner.verify("secret", params)).isTrue();
        params.put("charset", "UTF-8");
        assertThat(JushuitanSigner.verify("secret", params)).isFalse();
    }
}
