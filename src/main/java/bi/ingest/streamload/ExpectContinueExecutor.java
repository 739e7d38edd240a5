package bi.ingest.streamload;

import java.io.IOException;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.http.io.HttpClientConnection;
import org.apache.hc.core5.http.io.HttpResponseInformationCallback;
import org.apache.hc.core5.http.message.MessageSupport;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.Timeout;

/**
 * {@code Expect: 100-continue} as Stream Load needs it: when the server answers before {@code 100 Continue} (the
 * FE's 307, a BE header-phase failure) the body is <em>not</em> sent. HttpClient 5's own executor still uploads
 * the body after any 2xx/3xx answer, which the FE meets by closing the connection (broken pipe on large batches).
 */
final class ExpectContinueExecutor extends HttpRequestExecutor {

    private final Timeout waitForContinue;

    ExpectContinueExecutor(Timeout waitForContinue) {
        super(waitForContinue, null, null);
        this.waitForContinue = waitForContinue;
    }

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, HttpClientConnection conn,
                                       HttpResponseInformationCallback informationCallback, HttpContext context)
            throws IOException, HttpException {
        Header expect = request.getFirstHeader(HttpHeaders.EXPECT);
        if (request.getEntity() == null || expect == null || !"100-continue".equalsIgnoreCase(expect.getValue())) {
            return super.execute(request, conn, informationCallback, context);
        }
        conn.sendRequestHeader(request);
        conn.flush();
        while (true) {
            if (!conn.isDataAvailable(waitForContinue)) {
                // no answer in time: send the body anyway (a slow FE then answers 307 and the load is retried)
                conn.sendRequestEntity(request);
                conn.flush();
                return finalResponse(request, conn, context);
            }
            ClassicHttpResponse response = conn.receiveResponseHeader();
            int status = response.getCode();
            if (status == 100) {
                conn.sendRequestEntity(request);
                conn.flush();
                return finalResponse(request, conn, context);
            }
            if (status < 200) {
                continue;
            }
            // a final answer before 100 Continue: the server does not want the body
            conn.terminateRequest(request);
            if (MessageSupport.canResponseHaveBody(request.getMethod(), response)) {
                conn.receiveResponseEntity(response);
            }
            return response;
        }
    }

    private static ClassicHttpResponse finalResponse(ClassicHttpRequest request, HttpClientConnection conn, HttpContext context)
            throws IOException, HttpException {
        ClassicHttpResponse response;
        do {
            response = conn.receiveResponseHeader();
        } while (response.getCode() < 200);
        if (MessageSupport.canResponseHaveBody(request.getMethod(), response)) {
            conn.receiveResponseEntity(response);
        }
        return response;
    }
}
