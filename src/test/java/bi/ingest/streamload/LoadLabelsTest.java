package bi.ingest.streamload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoadLabelsTest {

    @Test
    void labelsDependOnlyOnWhatTheLoadContains() {
        String a = LoadLabels.of("bi", "erp_order", "erp.jushuitan.orders", 3, 1000, 1999);
        assertThat(a).isEqualTo(LoadLabels.of("bi", "erp_order", "erp.jushuitan.orders", 3, 1000, 1999));
        assertThat(a).isNotEqualTo(LoadLabels.of("bi", "erp_order", "erp.jushuitan.orders", 3, 1000, 1998));
        assertThat(a).isNotEqualTo(LoadLabels.of("bi", "erp_order_item", "erp.jushuitan.orders", 3, 1000, 1999));
        assertThat(a).isNotEqualTo(LoadLabels.of("bi", "erp_order", "erp.jushuitan.orders", 2, 1000, 1999));
    }

    @Test
    void sanitisedTopicsThatWouldCollideGetDifferentLabels() {
        String dotted = LoadLabels.of("bi", "t", "a.b", 0, 1, 2);
        String underscored = LoadLabels.of("bi", "t", "a_b", 0, 1, 2);
        assertThat(dotted).isNotEqualTo(underscored);
        assertThat(LoadLabels.isValid(dotted)).isTrue();
        assertThat(underscored).isEqualTo("bi_t_a_b_0_1_2");
    }

    @Test
    void longLabelsAreCutTo128CharactersAndStayUnique() {
        String topic = "x".repeat(200);
        String a = LoadLabels.of("bi", "erp_order", topic, 0, 1, 2);
        String b = LoadLabels.of("bi", "erp_order", topic, 0, 1, 3);
        assertThat(a).hasSizeLessThanOrEqualTo(128);
        assertThat(LoadLabels.isValid(a)).isTrue();
        assertThat(a).isNotEqualTo(b);
    }
}
