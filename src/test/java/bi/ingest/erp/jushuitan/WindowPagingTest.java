package bi.ingest.erp.jushuitan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The window paging against a table that changes between two page requests: rows leave the window (they changed
 * and moved to now) and enter it; every row that stayed in the window from start to end is read.
 */
class WindowPagingTest {

    private static final ErpTimes TIMES = new ErpTimes(ZoneId.of("Asia/Shanghai"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final PullWindow WINDOW = new PullWindow(T0, T0.plusSeconds(86_400));

    /** Rows by id with their modified second; answers a windowed query as the platform pages it. */
    private static final class Table {
        final List<long[]> rows = new ArrayList<>(); // {id, epoch second}
        /** Runs between finding a page's rows and writing them into the answer. */
        Consumer<List<long[]>> whileAnswering = page -> { };
        int requests;

        /** Rows {@code fromId} until {@code toId}, each changed at a random second of the window's first day. */
        Table spread(long fromId, long toId, SplittableRandom r) {
            for (long id = fromId; id < toId; id++) {
                rows.add(new long[] {id, T0.getEpochSecond() + r.nextLong(86_400)});
            }
            return this;
        }

        JsonNode answer(Map<String, Object> biz, int pageSize) {
            requests++;
            Instant begin = TIMES.parse((String) biz.get("modified_begin"));
            Instant end = TIMES.parse((String) biz.get("modified_end"));
            List<long[]> in = rows.stream().filter(r -> r[1] >= begin.getEpochSecond() && r[1] <= end.getEpochSecond())
                    .sorted(Comparator.<long[]>comparingLong(r -> r[1]).thenComparingLong(r -> r[0])).toList();
            int page = (Integer) biz.get("page_index");
            int from = Math.min(in.size(), (page - 1) * pageSize);
            int to = Math.min(in.size(), from + pageSize);
            whileAnswering.accept(in.subList(from, to));
            ObjectNode data = JSON.createObjectNode();
            ArrayNode list = data.putArray("orders");
            in.subList(from, to).forEach(r -> list.addObject().put("o_id", r[0])
                    .put("modified", TIMES.format(Instant.ofEpochSecond(r[1]))));
            data.put("data_count", in.size());
            data.put("has_next", to < in.size());
            return data;
        }

        Set<Long> ids() {
            Set<Long> ids = new HashSet<>();
            rows.forEach(r -> ids.add(r[0]));
            return ids;
        }
    }

    /** Reads the window, letting {@code drift} change the table before every request but the first. */
    private static Set<Long> read(Table table, int pageSize, Consumer<Table> drift) {
        WindowPaging paging = new WindowPaging(WINDOW, pageSize, TIMES);
        Set<Long> read = new HashSet<>();
        boolean first = true;
        while (!paging.done()) {
            if (!first) {
                drift.accept(table);
            }
            first = false;
            Map<String, Object> request = paging.request();
            assertThat(TIMES.parse((String) request.get("modified_begin"))).as("the platform refuses a window that ends before it begins")
                    .isBeforeOrEqualTo(TIMES.parse((String) request.get("modified_end")));
            JsonNode data = table.answer(request, pageSize);
            data.path("orders").forEach(r -> read.add(r.path("o_id").asLong()));
            paging.answered(data, data.path("orders"));
            assertThat(table.requests).as("requests").isLessThan(10_000);
        }
        return read;
    }

    /** Between two requests, a random row leaves the window (it changed: modified is now after the window). */
    private static Consumer<Table> rowsLeave(SplittableRandom r, Set<Long> left) {
        return t -> {
            long[] row = t.rows.get(r.nextInt(t.rows.size()));
            if (row[1] <= WINDOW.end().getEpochSecond()) {
                row[1] = WINDOW.end().getEpochSecond() + 60;
                left.add(row[0]);
            }
        };
    }

    /** Reads the window while rows leave it; every row that stayed was read. Returns the rows that left. */
    private static Set<Long> readsEveryRowThatStayed(Table table, SplittableRandom r) {
        Set<Long> stayed = table.ids();
        Set<Long> left = new HashSet<>();
        Set<Long> read = read(table, 100, rowsLeave(r, left));
        stayed.removeAll(left);
        assertThat(read).containsAll(stayed);
        return left;
    }

    @Test
    void rowsLeavingTheWindowBetweenPagesSkipNoOtherRow() {
        SplittableRandom r = new SplittableRandom(7);
        Table table = new Table().spread(0, 5_000, r);
        Set<Long> left = readsEveryRowThatStayed(table, r);

        assertThat(left).hasSizeGreaterThan(40);
        assertThat(table.requests).as("about one request per page").isLessThan(5_000 / 100 + 10);
    }

    @Test
    void aRowThatChangesWhileItsPageIsAnsweredTakesNoRequestPastTheWindow() {
        SplittableRandom r = new SplittableRandom(5);
        Table table = new Table().spread(0, 2_000, r);
        Set<Long> stayed = table.ids();
        Set<Long> left = new HashSet<>();
        long end = WINDOW.end().getEpochSecond();
        // the ERP found the page's rows, then the newest of them changed before it wrote them: the answer shows it at
        // its new time, after the window
        table.whileAnswering = page -> {
            long[] newest = page.isEmpty() ? null : page.get(page.size() - 1);
            if (newest != null && newest[1] <= end) {
                newest[1] = end + 60;
                left.add(newest[0]);
            }
        };
        Set<Long> read = read(table, 100, t -> { });
        stayed.removeAll(left);

        assertThat(left).hasSizeGreaterThan(10);
        assertThat(read).containsAll(stayed);
    }

    @Test
    void aSecondWithMoreRowsThanAPageIsReadWholeWhileRowsLeaveIt() {
        Table table = new Table();
        SplittableRandom r = new SplittableRandom(11);
        long crowded = T0.getEpochSecond() + 3_600;
        for (long id = 0; id < 430; id++) {
            table.rows.add(new long[] {id, crowded});
        }
        table.spread(430, 1_000, r);
        assertThat(readsEveryRowThatStayed(table, r)).isNotEmpty();
    }

    @Test
    void aRowEnteringACrowdedSecondWhileItIsReadIsRead() {
        Table table = new Table();
        long crowded = T0.getEpochSecond() + 60;
        for (long id = 0; id < 250; id++) {
            table.rows.add(new long[] {id, crowded});
        }
        Set<Long> all = table.ids();
        long[] next = {10_000};
        // every request but the first, a late commit lands in the crowded second, ahead of the rows not read yet
        Set<Long> read = read(table, 100, t -> {
            if (next[0] < 10_003) {
                t.rows.add(new long[] {next[0]++ - 20_000, crowded}); // negative ids sort first in the second
            }
        });

        assertThat(read).containsAll(all).containsAll(table.ids());
    }
}
