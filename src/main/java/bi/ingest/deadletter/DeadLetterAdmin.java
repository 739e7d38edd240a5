package bi.ingest.deadletter;

import bi.ingest.deadletter.DeadLetterTopics.Cursor;
import bi.ingest.deadletter.Parked.Replayed;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** What the admin API's dead-letter calls ({@code routes/admin-api.yaml}) do: list parked records, replay them. */
public class DeadLetterAdmin {

    private static final Logger LOG = LoggerFactory.getLogger("bi.ingest.deadletter.replay");
    static final int DEFAULT_PAGE = 50;
    static final int MAX_PAGE = 500;

    private final DeadLetterTopics topics;
    private final DeadLetterReplays replays;

    public DeadLetterAdmin(DeadLetterTopics topics, DeadLetterReplays replays) {
        this.topics = topics;
        this.replays = replays;
    }

    /** Every dead-letter topic and how many records it holds. */
    public List<Map<String, Object>> topics() {
        List<Map<String, Object>> out = new ArrayList<>();
        topics.counts().forEach((topic, count) -> {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("topic", topic);
            t.put("origin", topics.originOf(topic));
            t.put("records", count);
            out.add(t);
        });
        return out;
    }

    /** One page of a topic's dead letters that match, oldest first; {@code next} is the {@code after} of the next page. */
    public Map<String, Object> list(String topic, String reason, String stage, String from, String to, String after,
                                    Integer limit, Boolean payload) {
        String dlq = topics.dlqTopic(topic);
        int size = limit == null ? DEFAULT_PAGE : limit;
        if (size < 1 || size > MAX_PAGE) {
            throw new IllegalArgumentException("limit: 1.." + MAX_PAGE);
        }
        ParkedFilter filter = ParkedFilter.of(reason, stage, from, to);
        Map<String, Replayed> replayed = replays.replays(dlq);
        boolean withPayload = Boolean.TRUE.equals(payload);
        List<Parked> page = new ArrayList<>();
        String[] next = {null};
        topics.scan(dlq, Cursor.parse(after), filter::matches, r -> {
            if (page.size() == size) {
                next[0] = page.get(size - 1).id();
                return false;
            }
            page.add(Parked.of(r, replayed.get(Parked.id(r.partition(), r.offset())), withPayload));
            return true;
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("topic", dlq);
        out.put("records", page);
        out.put("next", next[0]);
        return out;
    }

    /** Sends the chosen dead letters back to their origin topic, each once; says which went and which had gone before. */
    public Map<String, Object> replay(String topic, ReplayRequest request) {
        if (request == null) {
            throw new IllegalArgumentException("expected {\"records\": [\"0:15\"]}, a filter {\"reason\", \"stage\", \"from\", \"to\"}"
                    + " or {\"all\": true}");
        }
        String dlq = topics.dlqTopic(topic);
        ParkedFilter filter = ParkedFilter.of(request.reason(), request.stage(), request.from(), request.to());
        Set<String> ids = new HashSet<>();
        if (request.records() != null) {
            request.records().forEach(id -> {
                Cursor c = Cursor.parse(id);
                ids.add(Parked.id(c.partition(), c.offset()));
            });
        }
        boolean all = Boolean.TRUE.equals(request.all());
        if (ids.isEmpty() && filter.isEmpty() && !all) {
            throw new IllegalArgumentException("say what to replay: \"records\", a filter, or \"all\": true");
        }
        List<ConsumerRecord<byte[], byte[]>> chosen = new ArrayList<>();
        topics.scan(dlq, null, r -> filter.matches(r) && (ids.isEmpty() || ids.contains(Parked.id(r.partition(), r.offset()))), r -> {
            chosen.add(r);
            return true;
        });
        Set<String> found = new HashSet<>();
        chosen.forEach(r -> found.add(Parked.id(r.partition(), r.offset())));
        List<String> missing = ids.stream().filter(id -> !found.contains(id)).sorted().toList();
        String user = user();
        LOG.info("DLQ REPLAY requested by={} topic={} records={} filter={} all={}: {} found{}", user, dlq,
                request.records() == null ? "-" : request.records().size(), filter, all, chosen.size(),
                missing.isEmpty() ? "" : ", not in the topic: " + missing);
        DeadLetterReplays.Outcome outcome = replays.replay(dlq, topics.originOf(dlq), chosen, user);
        LOG.info("DLQ REPLAY by={} topic={}: {} replayed, {} replayed before (skipped)", user, dlq, outcome.replayed().size(),
                outcome.alreadyReplayed().size());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("topic", dlq);
        out.put("to", topics.originOf(dlq));
        out.put("replayed", outcome.replayed());
        out.put("alreadyReplayed", outcome.alreadyReplayed());
        out.put("notFound", missing);
        out.put("by", user);
        return out;
    }

    /** The caller, as Spring Security authenticated it (the request's security context is carried to Camel's thread). */
    private static String user() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        return a == null || a.getName() == null ? "unknown" : a.getName();
    }
}
