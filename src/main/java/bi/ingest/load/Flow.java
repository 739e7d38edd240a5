package bi.ingest.load;

import bi.ingest.normalize.RecordNormalizer;

/**
 * One ERP entity's way into StarRocks: which normalizer turns its records into rows.
 *
 * @param name a route refers to the flow by this name, e.g. {@code jushuitan-orders}
 */
public record Flow(String name, String source, String entity, RecordNormalizer normalizer) {
}
