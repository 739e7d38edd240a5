package bi.ingest.streamload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every response shape of spec §2, parsed and classified as §2.4 says. */
class LoadVerdictTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static StreamLoadResponse response(int http, String body) throws Exception {
        return StreamLoadResponse.of(http, body == null || body.isEmpty() ? null : JSON.readTree(body));
    }

    @Test
    void successIsParsedFieldByFieldAndIsLoaded() throws Exception {
        StreamLoadResponse r = response(200, """
                {
                    "TxnId": 40211,
                    "Label": "erp_orders_p3_1000_1999",
                    "Status": "Success",
                    "Message": "OK",
                    "NumberTotalRows": 1000,
                    "NumberLoadedRows": 1000,
                    "NumberFilteredRows": 0,
                    "NumberUnselectedRows": 0,
                    "LoadBytes": 412733,
                    "LoadTimeMs": 187,
                    "BeginTxnTimeMs": 1,
                    "StreamLoadPlanTimeMs": 3,
                    "ReadDataTimeMs": 4,
                    "WriteDataTimeMs": 121,
                    "CommitAndPublishTimeMs": 52
                }""");
        assertThat(r.txnId()).isEqualTo(40211);
        assertThat(r.label()).isEqualTo("erp_orders_p3_1000_1999");
        assertThat(r.numberTotalRows()).isEqualTo(1000);
        assertThat(r.numberLoadedRows()).isEqualTo(1000);
        assertThat(r.loadBytes()).isEqualTo(412733);
        assertThat(r.loadTimeMs()).isEqualTo(187);
        assertThat(r.planTimeMs()).isEqualTo(3);
        assertThat(r.errorUrl()).isNull();
        assertThat(LoadVerdict.of(r)).isEqualTo(LoadVerdict.LOADED);
    }

    @Test
    void namesAreMatchedCaseInsensitivelyUnknownFieldsIgnoredAndTheOldTimingNameAccepted() throws Exception {
        StreamLoadResponse r = response(200, """
                {"txnid": 7, "LABEL": "l1", "status": "success", "message": "OK", "numberloadedrows": "12",
                 "StreamLoadPutTimeMs": 9, "GroupCommit": false, "Comment": "", "TwoPhaseCommit": "false"}""");
        assertThat(r.txnId()).isEqualTo(7);
        assertThat(r.label()).isEqualTo("l1");
        assertThat(r.numberLoadedRows()).isEqualTo(12);
        assertThat(r.planTimeMs()).isEqualTo(9);
        assertThat(LoadVerdict.of(r)).isEqualTo(LoadVerdict.LOADED);
    }

    @Test
    void theErrorUrlOfFilteredRowsIsKeptAndTheLoadIsFinal() throws Exception {
        StreamLoadResponse r = response(200, """
                {"TxnId": 40213, "Label": "l", "Status": "Fail", "Message": "too many filtered rows",
                 "NumberTotalRows": 1000, "NumberLoadedRows": 997, "NumberFilteredRows": 3, "NumberUnselectedRows": 0,
                 "ErrorURL": "http://10.0.0.21:8040/api/_load_error_log?file=error_log_8c1f"}""");
        assertThat(r.numberFilteredRows()).isEqualTo(3);
        assertThat(r.errorUrl()).isEqualTo("http://10.0.0.21:8040/api/_load_error_log?file=error_log_8c1f");
        assertThat(LoadVerdict.of(r)).isEqualTo(LoadVerdict.FINAL);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Publish Timeout (new wording)   | 200 | {"TxnId":1,"Label":"l","Status":"Publish Timeout","Message":"Publish timeout. The data will be visible after a while"} | LOADED
            Publish Timeout (old wording)   | 200 | {"TxnId":1,"Label":"l","Status":"Publish Timeout","Message":"transaction commit successfully, BUT data will be visible later"} | LOADED
            Label Already Exists FINISHED   | 200 | {"TxnId":-1,"Label":"l","Status":"Label Already Exists","ExistingJobStatus":"FINISHED","Message":"Label [l] has already been used."} | LOADED
            Label Already Exists RUNNING    | 200 | {"TxnId":-1,"Label":"l","Status":"Label Already Exists","ExistingJobStatus":"RUNNING","Message":"Label [l] has already been used."} | PENDING
            reused label as a plain Fail     | 200 | {"TxnId":-1,"Label":"l","Status":"Fail","Message":"Label [l] has already been used."} | PENDING
            Doris-style label message        | 200 | {"Status":"Fail","Message":"[LABEL_ALREADY_EXISTS]TStatus: errCode = 2, detailMessage = Label [x] has already been used, relate to txn [5]"} | PENDING
            FE auth failure, JSON body       | 401 | {"status":"FAILED","code":"1","msg":"Access denied for etl_user@10.0.0.5","message":"Access denied for etl_user@10.0.0.5"} | FINAL
            FE auth failure, empty body      | 401 | | FINAL
            BE access denied                 | 200 | {"TxnId":-1,"Status":"Fail","Message":"Access denied; you need (at least one of) the INSERT privilege(s) for this operation"} | FINAL
            unknown table                    | 200 | {"TxnId":-1,"Label":"l","Status":"Fail","Message":"unknown table \\"erp.orders\\""} | FINAL
            unknown database                 | 200 | {"TxnId":-1,"Label":"l","Status":"Fail","Message":"unknown database, database=erp"} | FINAL
            too many versions                | 200 | {"TxnId":40214,"Status":"Fail","Message":"Too many versions. tablet_id: 221090, version_count: 1001, limit: 1000, replica_state: 0"} | RETRYABLE
            too many versions (new wording)  | 200 | {"Status":"Fail","Message":"Failed to load data into tablet 21635, because of too many versions, current/limit: 1000/1000"} | RETRYABLE
            JSON parse error                 | 200 | {"TxnId":342,"Status":"Fail","Message":"Failed to parse json as array. error: A string is opened, but never closed."} | FINAL
            FE missing Expect                | 200 | {"Status":"FAILED","Message":"class com.starrocks.common.DdlException: There is no 100-continue header"} | FINAL
            FE no backend alive              | 200 | {"Status":"FAILED","Message":"class com.starrocks.common.DdlException: No backend alive."} | RETRYABLE
            FE unexpected exception          | 404 | | RETRYABLE
            a 307 reaching the client        | 307 | | RETRYABLE
            server error                     | 503 | | RETRYABLE
            http concurrent limit            | 200 | {"Status":"Fail","Message":"Stream Load exceed http cuncurrent limit 100, please try again later"} | RETRYABLE
            running txns limit               | 200 | {"Status":"Fail","Message":"current running txns on db 10003 is 100, larger than limit 100"} | RETRYABLE
            memory limit                     | 200 | {"Status":"Fail","Message":"Memory of load exceed limit. Limit: 2147483648"} | RETRYABLE
            cancelled                        | 200 | {"Status":"Fail","Message":"cancelled"} | RETRYABLE
            commit status unknown            | 200 | {"Status":"Fail","Message":"Commit transaction fail cause rpc timeout, Transaction status unknown, you can retry with same label."} | RETRYABLE
            JSON over 100 MB                 | 200 | {"Status":"Fail","Message":"The size of this batch exceed the max size [104857600]  of json type data  data [ 200000000 ]. Set ignore_json_size to skip the check"} | FINAL
            body over streaming_load_max_mb  | 200 | {"Status":"Fail","Message":"body size 20000000000 exceed limit: 10737418240, streaming_load_max_mb"} | FINAL
            label format error               | 200 | {"Status":"Fail","Message":"Label format error. regex: ^[-\\\\w]{1,128}$, label: a b"} | FINAL
            unknown data format              | 200 | {"Status":"Fail","Message":"unknown data format, format=xml"} | FINAL
            no valid Basic authorization     | 200 | {"Status":"Fail","Message":"no valid Basic authorization"} | FINAL
            transaction API OK               | 200 | {"Status":"OK","Message":"","Label":"l","TxnId":9032} | LOADED
            transaction API in processing    | 200 | {"Status":"TXN_IN_PROCESSING","Message":"txn in processing"} | RETRYABLE
            transaction API label exists     | 200 | {"Status":"LABEL_ALREADY_EXISTS","ExistingJobStatus":"FINISHED","Message":"x"} | LOADED
            transaction API publish timeout  | 200 | {"Status":"PUBLISH_TIMEOUT","Message":"x"} | LOADED
            an unrecognised Fail             | 200 | {"Status":"Fail","Message":"something new went wrong"} | RETRYABLE
            """)
    void classifies(String shape, int http, String body, LoadVerdict expected) throws Exception {
        assertThat(LoadVerdict.of(response(http, body))).as(shape).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"VISIBLE,true,false", "COMMITTED,true,false", "PREPARE,false,true", "PREPARED,false,true",
            "ABORTED,false,false", "UNKNOWN,false,false", "visible,true,false", "nonsense,false,false"})
    void getLoadStateAnswers(String state, boolean committed, boolean inFlight) throws Exception {
        String body = "{\"state\":\"" + state + "\",\"reason\":\"\",\"status\":\"OK\",\"code\":\"0\",\"msg\":\"Success\",\"message\":\"OK\"}";
        LoadState s = LoadState.parse(JSON.readTree(body).path("state").asText());
        assertThat(s.isCommitted()).isEqualTo(committed);
        assertThat(s.isInFlight()).isEqualTo(inFlight);
    }
}
