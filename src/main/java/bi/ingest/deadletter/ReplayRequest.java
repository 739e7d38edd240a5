package bi.ingest.deadletter;

import java.util.List;

/**
 * What to replay: the dead letters named by id ({@code "0:15"}), or those that match a filter, or all of the topic
 * ({@code all: true}, said explicitly so an empty request replays nothing).
 */
public record ReplayRequest(List<String> records, String reason, String stage, String from, String to, Boolean all) {
}
