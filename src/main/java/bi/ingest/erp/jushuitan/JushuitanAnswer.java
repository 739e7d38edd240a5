package bi.ingest.erp.jushuitan;

import com.fasterxml.jackson.databind.JsonNode;

/** The platform's envelope: {@code {"code":0,"msg":"…","data":{…}}}. */
public record JushuitanAnswer(int code, String msg, JsonNode data) {

    public JushuitanError error() {
        return JushuitanError.of(code);
    }
}
