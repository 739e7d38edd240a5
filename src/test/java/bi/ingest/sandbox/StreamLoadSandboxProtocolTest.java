package bi.ingest.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sandbox speaks the protocol of spec §1 and §9.1 on the wire (raw sockets, no HTTP client in between). */
class StreamLoadSandboxProtocolTest {

    private static StreamLoadSandbox sandbox;
    private static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("u:p".getBytes(StandardCharsets.UTF_8));

    @BeforeAll
    static void start() throws Exception {
        sandbox = StreamLoadSandbox.start("u", "p", "erp", false, 0, 0);
    }

    @AfterAll
    static void stop() throws Exception {
        sandbox.close();
    }

    @Test
    void feWithoutCredentialsAnswers401WithAChallenge() throws Exception {
        String answer = exchange(sandbox.feUrl(), "PUT /api/erp/erp_order/_stream_load HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n", null);
        assertThat(answer).startsWith("HTTP/1.1 401").contains("WWW-Authenticate: Basic realm=\"\"");
    }

    @Test
    void feWithoutExpectAnswers200FailedWithTheDdlException() throws Exception {
        String answer = exchange(sandbox.feUrl(), "PUT /api/erp/erp_order/_stream_load HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH + "\r\nContent-Length: 2\r\n\r\n", null);
        assertThat(answer).startsWith("HTTP/1.1 200").contains("Connection: close")
                .contains("{\"Status\":\"FAILED\",\"Message\":\"class com.starrocks.common.DdlException: There is no 100-continue header\"}");
    }

    @Test
    void feRedirectsWithoutContinueAndWithoutCredentialsInTheLocation() throws Exception {
        String answer = exchange(sandbox.feUrl(), "PUT /api/erp/erp_order/_stream_load?x=1 HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH
                + "\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n", null);
        assertThat(answer).startsWith("HTTP/1.1 307").doesNotContain("100 Continue")
                .contains("Location: " + sandbox.beUrl() + "/api/erp/erp_order/_stream_load?x=1").contains("Content-Length: 0");
        assertThat(answer).doesNotContain("u:p@");
    }

    @Test
    void beRejectsAMissingAuthorizationBeforeContinue() throws Exception {
        String answer = exchange(sandbox.beUrl(), "PUT /api/erp/erp_order/_stream_load HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nformat: json\r\nContent-Length: 2\r\n\r\n", null);
        assertThat(answer).startsWith("HTTP/1.1 200").doesNotContain("100 Continue").contains("no valid Basic authorization")
                .contains("\"TxnId\" : -1");
    }

    @Test
    void beSendsContinueAfterTheHeaderChecksThenLoadsAndAnswersAllFields() throws Exception {
        String body = "[{\"source\":\"s\",\"account\":\"wire\",\"pay_id\":1,\"o_id\":1,\"modified\":\"2026-01-01 00:00:00\",\"event_id\":5}]";
        String answer = exchange(sandbox.beUrl(), "PUT /api/erp/erp_order_payment/_stream_load HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH
                + "\r\nExpect: 100-continue\r\nformat: json\r\nstrip_outer_array: true\r\nlabel: wire_1\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n", body);
        assertThat(answer).startsWith("HTTP/1.1 100 Continue").contains("\"Status\" : \"Success\"");
        for (String field : new String[] {"TxnId", "Label", "Status", "Message", "NumberTotalRows", "NumberLoadedRows",
                "NumberFilteredRows", "NumberUnselectedRows", "LoadBytes", "LoadTimeMs", "BeginTxnTimeMs",
                "StreamLoadPlanTimeMs", "ReadDataTimeMs", "WriteDataTimeMs", "CommitAndPublishTimeMs"}) {
            assertThat(answer).contains("\"" + field + "\"");
        }
        assertThat(answer.indexOf("TxnId")).isLessThan(answer.indexOf("\"Label\"")).isLessThan(answer.indexOf("\"Status\""));
    }

    @Test
    void beRejectsABadLabelAndANonArrayBody() throws Exception {
        String head = "PUT /api/erp/erp_order_payment/_stream_load HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH + "\r\nformat: json\r\n";
        assertThat(exchange(sandbox.beUrl(), head + "label: bad label!\r\nContent-Length: 2\r\n\r\n", "{}"))
                .contains("Label format error. regex: ^[-\\\\w]{1,128}$, label: bad label!");
        assertThat(exchange(sandbox.beUrl(), head + "label: wire_2\r\nstrip_outer_array: true\r\nContent-Length: 2\r\n\r\n", "{}"))
                .contains("the value should be array type with strip_outer_array=true");
        assertThat(exchange(sandbox.beUrl(), head + "label: wire_3\r\nContent-Length: 5\r\n\r\n", "[{}]x"))
                .contains("array type in json document stream");
    }

    @Test
    void ndjsonBodiesAreAccepted() throws Exception {
        String body = "{\"source\":\"s\",\"account\":\"nd\",\"pay_id\":1,\"o_id\":1,\"modified\":\"2026-01-01 00:00:00\",\"event_id\":5}\n"
                + "{\"source\":\"s\",\"account\":\"nd\",\"pay_id\":2,\"o_id\":1,\"modified\":\"2026-01-01 00:00:00\",\"event_id\":6}\n";
        String answer = exchange(sandbox.beUrl(), "PUT /api/erp/erp_order_payment/_stream_load HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH
                + "\r\nformat: json\r\nlabel: wire_nd\r\nContent-Length: " + body.length() + "\r\n\r\n", body);
        assertThat(answer).contains("\"NumberLoadedRows\" : 2");
        assertThat(sandbox.table("erp_order_payment").count("account", "nd")).isEqualTo(2);
    }

    @Test
    void csvBodiesMapColumnsByTheColumnsHeaderWithNullsAndFilteredRows() throws Exception {
        String body = "s\tcsv\t1\t1\t2026-01-01 00:00:00\t7\t\\N\n" + "s\tcsv\t2\n";
        String answer = exchange(sandbox.beUrl(), "PUT /api/erp/erp_order_payment/_stream_load HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH
                + "\r\nformat: csv\r\nlabel: wire_csv\r\nmax_filter_ratio: 0.6\r\ncolumns: source,account,pay_id,o_id,modified,event_id,status\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n", body);
        assertThat(answer).contains("\"NumberLoadedRows\" : 1").contains("\"NumberFilteredRows\" : 1").contains("ErrorURL");
        assertThat(answer).contains("\"Status\" : \"Success\"");
        assertThat(sandbox.table("erp_order_payment").rows(r -> "csv".equals(r.get("account"))))
                .singleElement().satisfies(r -> assertThat(r.get("status")).isNull());
    }

    @Test
    void primaryKeyDeletesTravelAsOp() throws Exception {
        String upsert = "[{\"source\":\"s\",\"account\":\"op\",\"pay_id\":1,\"o_id\":1,\"modified\":\"2026-01-01 00:00:00\",\"event_id\":5}]";
        String delete = "[{\"source\":\"s\",\"account\":\"op\",\"pay_id\":1,\"o_id\":1,\"modified\":\"2026-01-01 00:00:00\",\"event_id\":5,\"__op\":1}]";
        String head = "PUT /api/erp/erp_order_payment/_stream_load HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH + "\r\nformat: json\r\nstrip_outer_array: true\r\n";
        exchange(sandbox.beUrl(), head + "label: op_1\r\nContent-Length: " + upsert.length() + "\r\n\r\n", upsert);
        assertThat(sandbox.table("erp_order_payment").count("account", "op")).isEqualTo(1);
        exchange(sandbox.beUrl(), head + "label: op_2\r\nContent-Length: " + delete.length() + "\r\n\r\n", delete);
        assertThat(sandbox.table("erp_order_payment").count("account", "op")).isZero();
    }

    /** Sends a request head, then the body only after reading whatever the server answers first. */
    private static String exchange(String baseUrl, String head, String body) throws Exception {
        URI uri = URI.create(baseUrl);
        try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(head.getBytes(StandardCharsets.UTF_8));
            out.flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            if (body != null && head.contains("Expect: 100-continue")) {
                byte[] buf = new byte[25];
                int n = in.read(buf);
                answer.write(buf, 0, n);
                if (!answer.toString(StandardCharsets.UTF_8).startsWith("HTTP/1.1 100")) {
                    answer.write(in.readAllBytes());
                    return answer.toString(StandardCharsets.UTF_8);
                }
            }
            if (body != null) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            answer.write(in.readAllBytes());
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
