package bi.ingest.backfill;

/**
 * The admin API's backfill body.
 *
 * @param from ISO-8601 instant ({@code 2026-01-01T00:00:00Z}) or a date ({@code 2026-01-01}, midnight in the ERP's zone)
 * @param to   same forms; the range is inclusive
 */
public record BackfillRequest(String account, String entity, String from, String to) {
}
