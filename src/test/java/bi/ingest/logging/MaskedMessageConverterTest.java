package bi.ingest.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskedMessageConverterTest {

    @Test
    void credentialsAreMaskedWhateverTheirShape() {
        assertThat(MaskedMessageConverter.mask("password=hunter2 user=root")).isEqualTo("password=**** user=root");
        assertThat(MaskedMessageConverter.mask("{\"password\":\"hunter2\"}")).isEqualTo("{\"password\":\"****\"}");
        assertThat(MaskedMessageConverter.mask("Authorization: Basic dXNlcjpzZWNyZXQ=")).isEqualTo("Authorization: Basic ****");
        assertThat(MaskedMessageConverter.mask("refresh_token=abc123&access_token=xyz")).isEqualTo("refresh_token=****&access_token=****");
        assertThat(MaskedMessageConverter.mask("app_secret: s3")).isEqualTo("app_secret: ****");
        // Spring Cloud Alibaba prints its Nacos settings (with an Alibaba Cloud secret key) when a load fails
        assertThat(MaskedMessageConverter.mask("accessKey='ak1', secretKey='sk-9f2', ramRoleName='null'"))
                .isEqualTo("accessKey='ak1', secretKey='****', ramRoleName='null'");
        assertThat(MaskedMessageConverter.mask("loaded 5 rows")).isEqualTo("loaded 5 rows");
    }
}
