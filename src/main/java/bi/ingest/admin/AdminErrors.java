package bi.ingest.admin;

import java.util.Map;

/** The admin API's error body: {@code {"error": "<what is wrong>"}}. */
public class AdminErrors {

    public Map<String, String> describe(Exception e) {
        return Map.of("error", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
}
