package bi.ingest.erp.jushuitan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import bi.ingest.account.AccountStore;
import bi.ingest.account.AppType;
import bi.ingest.account.CredentialCipher;
import bi.ingest.account.ErpAccount;
import bi.ingest.account.TokenState;
import bi.ingest.account.TokenStore;
import bi.ingest.sandbox.JushuitanDataset;
import bi.ingest.sandbox.JushuitanSandbox;
import bi.ingest.sandbox.TestDatabases;
import bi.ingest.sandbox.TestSandboxes;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The token lifecycle against the Jushuitan sandbox, with tokens stored on H2 and on PostgreSQL. A "restart" builds
 * every object anew over the same database: nothing survives but what was stored.
 */
@ExtendWith(OutputCaptureExtension.class)
class JushuitanTokensTest {

    private static final JushuitanSandbox ERP = TestSandboxes.jushuitan();
    /** The HTTP half of the service's jushuitan-api route: Camel's HTTP component at the API's base URL. */
    private static final CamelContext CAMEL = startedCamel();
    private static final ProducerTemplate SEND = CAMEL.createProducerTemplate();
    private static final String SHOPS = "/open/shops/query";
    private static final String PAGE = "{\"page_index\":1,\"page_size\":10}";

    /** One instance of the service's token-handling objects. */
    private static CamelContext startedCamel() {
        CamelContext camel = new DefaultCamelContext();
        camel.start();
        return camel;
    }

    @AfterAll
    static void stopCamel() {
        CAMEL.stop();
    }

    private static final class Service {
        final AccountStore accounts;
        final TokenStore tokens;
        final JushuitanTokens auth;
        final JushuitanApi api;

        Service(DataSource ds) {
            this(ds, props -> { });
        }

        Service(DataSource ds, java.util.function.Consumer<JushuitanProperties> settings) {
            Clock clock = Clock.systemUTC();
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            JushuitanProperties props = new JushuitanProperties();
            props.setApiUrl(ERP.apiUrl());
            props.setAuthorizeUrl(ERP.authorizeUrl());
            props.getRetry().setInitialBackoff(Duration.ofMillis(100));
            props.getRetry().setMaxAttempts(3);
            settings.accept(props);
            accounts = new AccountStore(jdbc, clock, CredentialCipher.of(TestSandboxes.SECRETS_KEY));
            tokens = new TokenStore(jdbc, clock, CredentialCipher.of(TestSandboxes.SECRETS_KEY));
            JushuitanHttp http = new JushuitanHttp(props, new ObjectMapper(), clock, SEND,
                    ERP.apiUrl() + "?throwExceptionOnFailure=false&followRedirects=false");
            org.springframework.transaction.support.TransactionTemplate tx = new org.springframework.transaction.support.TransactionTemplate(
                    new org.springframework.jdbc.datasource.DataSourceTransactionManager(ds));
            auth = new JushuitanTokens(http, tokens, props, clock, new SimpleMeterRegistry(), tx);
            api = new JushuitanApi(http, auth, props, new SimpleMeterRegistry(), new SharedRateLimiter(jdbc, tx, clock));
        }
    }

    @ParameterizedTest
    @MethodSource("bi.ingest.sandbox.TestDatabases#all")
    void anExpiredTokenIsRefreshedOnceAndTheRotatedRefreshTokenWorksAfterARestart(String db, CapturedOutput output) throws Exception {
        DataSource ds = TestDatabases.migrated(db);
        Service first = new Service(ds);
        ErpAccount account = authorizedAccount(first);
        JushuitanSandbox.App app = ERP.app(account.appKey());
        assertThat(first.api.call(account, SHOPS, PAGE).path("datas")).hasSize(3);

        ERP.expireAccessToken(account.appKey());
        assertThat(first.api.call(account, SHOPS, PAGE).path("datas")).hasSize(3);
        assertThat(app.refreshes()).isEqualTo(1);
        assertThat(first.tokens.token(account.id()).orElseThrow().refreshToken()).isEqualTo(app.refreshToken());

        Service restarted = new Service(ds);
        ERP.expireAccessToken(account.appKey());
        assertThat(restarted.api.call(account, SHOPS, PAGE).path("datas")).hasSize(3);
        assertThat(app.refreshes()).as("the stored, rotated refresh token was accepted").isEqualTo(2);
        assertThat(output.getAll()).contains("token refreshed").doesNotContain(app.refreshToken())
                .doesNotContain(first.accounts.find(account.id()).orElseThrow().appSecret());
        ERP.issuedTokens.forEach(t -> assertThat(output.getAll()).doesNotContain(t));
    }

    @ParameterizedTest
    @MethodSource("bi.ingest.sandbox.TestDatabases#all")
    void aTokenCloseToExpiryIsRefreshedBeforeItIsUsed(String db) throws Exception {
        Service service = new Service(TestDatabases.migrated(db));
        ERP.setTokenLifetime(Duration.ofHours(1)); // inside refresh-ahead (6 h)
        ErpAccount account;
        try {
            account = authorizedAccount(service);
        } finally {
            ERP.setTokenLifetime(Duration.ofDays(30));
        }
        int expiredAnswers = ERP.answers(JushuitanSandbox.TOKEN);
        assertThat(service.api.call(account, SHOPS, PAGE).path("datas")).hasSize(3);
        assertThat(ERP.app(account.appKey()).refreshes()).isEqualTo(1);
        assertThat(ERP.answers(JushuitanSandbox.TOKEN)).as("never sent with the old token").isEqualTo(expiredAnswers);
        assertThat(service.tokens.token(account.id()).orElseThrow().expiresAt()).isAfter(Instant.now().plus(Duration.ofDays(29)));
    }

    @ParameterizedTest
    @MethodSource("bi.ingest.sandbox.TestDatabases#all")
    void instancesThatFindTheTokenExpiredAtOnceRefreshItOnceAndAllUseTheNewOne(String db) throws Exception {
        DataSource ds = TestDatabases.migrated(db);
        List<Service> instances = List.of(new Service(ds), new Service(ds), new Service(ds));
        ErpAccount account = authorizedAccount(instances.get(0));
        ERP.expireAccessToken(account.appKey());
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(6);
        List<java.util.concurrent.Future<com.fasterxml.jackson.databind.JsonNode>> calls = new java.util.ArrayList<>();
        for (int t = 0; t < 6; t++) {
            Service instance = instances.get(t % 3);
            calls.add(threads.submit(() -> instance.api.call(account, SHOPS, PAGE)));
        }
        for (var call : calls) {
            assertThat(call.get().path("datas")).hasSize(3);
        }
        threads.shutdown();
        assertThat(ERP.app(account.appKey()).refreshes()).as("one refresh for the cluster").isEqualTo(1);
        assertThat(instances.get(2).tokens.token(account.id()).orElseThrow().state()).isEqualTo(TokenState.AUTHORIZED);
    }

    /**
     * A call that waits its turn at the rate limiter while another instance refreshes the token (the ERP then refuses
     * the old one) sends the token stored when its turn comes: not one answer "token expired".
     */
    @ParameterizedTest
    @MethodSource("bi.ingest.sandbox.TestDatabases#all")
    void aCallWaitingForTheRateLimitSendsTheTokenStoredWhenItsTurnComes(String db) throws Exception {
        DataSource ds = TestDatabases.migrated(db);
        // one call per 1 s + 2 s of margin: the second call waits about three seconds for its turn
        Service waiting = new Service(ds, props -> {
            props.getRateLimit().setPerSecond(1);
            props.getRateLimit().setMargin(Duration.ofSeconds(2));
        });
        Service refreshing = new Service(ds);
        ErpAccount account = authorizedAccount(waiting);
        JushuitanSandbox.App app = ERP.app(account.appKey());
        int expiredAnswers = ERP.answers(JushuitanSandbox.TOKEN);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var calls = List.of(threads.submit(() -> waiting.api.call(account, SHOPS, PAGE)),
                    threads.submit(() -> waiting.api.call(account, SHOPS, PAGE)));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> app.calls(SHOPS) >= 1);

            String old = refreshing.tokens.token(account.id()).orElseThrow().accessToken();
            refreshing.auth.refreshAfterRejection(account, old); // another instance refreshes: the old token stops working
            assertThat(app.calls(SHOPS)).as("the second call still waits for its turn").isEqualTo(1);

            for (var call : calls) {
                assertThat(call.get(30, java.util.concurrent.TimeUnit.SECONDS).path("datas")).hasSize(3);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(ERP.answers(JushuitanSandbox.TOKEN)).as("no call sent the replaced token").isEqualTo(expiredAnswers);
        assertThat(app.refreshes()).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("bi.ingest.sandbox.TestDatabases#all")
    void aRefusedRefreshMarksTheAccountOnceAndCallsNoMore(String db) throws Exception {
        Service service = new Service(TestDatabases.migrated(db));
        ErpAccount account = authorizedAccount(service);
        ERP.refuseRefresh(account.appKey(), true);
        ERP.expireAccessToken(account.appKey());
        int refusals = ERP.answers(JushuitanSandbox.REFRESH_REFUSED);

        assertThatThrownBy(() -> service.api.call(account, SHOPS, PAGE)).isInstanceOf(NeedsReauthorizationException.class)
                .hasMessageContaining("150");
        assertThat(service.tokens.token(account.id()).orElseThrow().state()).isEqualTo(TokenState.NEEDS_REAUTHORIZATION);
        assertThatThrownBy(() -> service.api.call(account, SHOPS, PAGE)).isInstanceOf(NeedsReauthorizationException.class);
        assertThat(ERP.answers(JushuitanSandbox.REFRESH_REFUSED)).as("one refusal, no retry storm").isEqualTo(refusals + 1);
    }

    @ParameterizedTest
    @MethodSource("bi.ingest.sandbox.TestDatabases#all")
    void aWrongAppSecretIsRefusedWithTheSignatureError(String db) throws Exception {
        Service service = new Service(TestDatabases.migrated(db));
        ErpAccount account = authorizedAccount(service);
        ErpAccount wrongSecret = service.accounts.update(new ErpAccount(account.id(), account.source(), account.name(),
                account.appKey(), "not-the-secret", account.appType(), account.shops(), true, account.pullFrom(), null, null));
        assertThatThrownBy(() -> service.api.call(wrongSecret, SHOPS, PAGE)).isInstanceOf(JushuitanRefusedException.class)
                .hasMessageContaining("code 10").hasMessageContaining("app secret");
    }

    /** Creates an account, opens its authorization URL as the merchant would and completes the callback. */
    private static ErpAccount authorizedAccount(Service service) throws Exception {
        String id = "tok-" + UUID.randomUUID().toString().substring(0, 8);
        String secret = "secret-" + UUID.randomUUID();
        ERP.registerApp("app-" + id, secret, false, "http://127.0.0.1:9/callback", new JushuitanDataset(1_000, 1, 1, Instant.now()));
        ErpAccount account = service.accounts.create(new ErpAccount(id, "jushuitan", id, "app-" + id, secret,
                AppType.SELF_BUILT, List.of(), true, Instant.now(), null, null));
        String url = service.auth.authorizeUrl(account);
        HttpResponse<Void> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(page.statusCode()).isEqualTo(302);
        Map<String, String> callback = query(page.headers().firstValue("Location").orElseThrow());
        String awaiting = service.tokens.accountAwaiting(callback.get("state")).orElseThrow();
        assertThat(awaiting).isEqualTo(id);
        service.auth.exchangeCode(account, callback.get("code"));
        assertThat(service.tokens.token(id).orElseThrow().state()).isEqualTo(TokenState.AUTHORIZED);
        return account;
    }

    private static Map<String, String> query(String url) {
        Map<String, String> q = new HashMap<>();
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            q.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return q;
    }
}
