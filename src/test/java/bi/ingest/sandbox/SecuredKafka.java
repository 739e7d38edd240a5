package bi.ingest.sandbox;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

/**
 * A real broker (in this JVM) with the listeners production clusters use: {@code SASL_PLAINTEXT} (PLAIN and SCRAM),
 * {@code SASL_SSL} (SCRAM over TLS) and {@code SSL}, plus a plaintext listener for the tests' own clients. Its TLS
 * certificate and the clients' truststore are made by the JDK's keytool; SCRAM users are stored in the cluster's
 * metadata (KRaft), as on a real cluster.
 */
public final class SecuredKafka implements AutoCloseable {

    public static final String USER = "bi-ingest";
    /** Throwaway credentials of this broker (the log checks look for them). */
    public static final String PASSWORD = "scram-pw-5d2e8b";
    public static final String STORE_PASSWORD = "store-pw-71c0aa";

    private final KafkaSandbox kafka;
    private final Path truststore;

    private SecuredKafka(KafkaSandbox kafka, Path truststore) {
        this.kafka = kafka;
        this.truststore = truststore;
    }

    public static SecuredKafka start(Path dir) throws Exception {
        Path keystore = dir.resolve("broker.p12");
        Path cert = dir.resolve("broker.crt");
        Path truststore = dir.resolve("truststore.p12");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
        keytool("-exportcert", "-alias", "broker", "-keystore", keystore.toString(), "-storepass", STORE_PASSWORD,
                "-rfc", "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "broker", "-file", cert.toString(),
                "-keystore", truststore.toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);

        Map<String, String> props = new HashMap<>();
        props.put("listeners", "EXTERNAL://localhost:0,CONTROLLER://localhost:0,SASL_PLAINTEXT://localhost:0,"
                + "SASL_SSL://localhost:0,SSL://localhost:0");
        props.put("listener.security.protocol.map", "EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,"
                + "SASL_SSL:SASL_SSL,SSL:SSL");
        props.put("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512");
        String plain = "org.apache.kafka.common.security.plain.PlainLoginModule required user_" + USER + "=\"" + PASSWORD + "\";";
        String scram = "org.apache.kafka.common.security.scram.ScramLoginModule required;";
        for (String listener : List.of("sasl_plaintext", "sasl_ssl")) {
            props.put("listener.name." + listener + ".plain.sasl.jaas.config", plain);
            props.put("listener.name." + listener + ".scram-sha-256.sasl.jaas.config", scram);
            props.put("listener.name." + listener + ".scram-sha-512.sasl.jaas.config", scram);
        }
        props.put("ssl.keystore.location", keystore.toString());
        props.put("ssl.keystore.type", "PKCS12");
        props.put("ssl.keystore.password", STORE_PASSWORD);
        props.put("ssl.key.password", STORE_PASSWORD);
        KafkaSandbox kafka = KafkaSandbox.start(0, props);
        SecuredKafka secured = new SecuredKafka(kafka, truststore);
        secured.addScramUser();
        return secured;
    }

    /** The plaintext-listener sandbox: topics, the tests' producer, offsets. */
    public KafkaSandbox plain() {
        return kafka;
    }

    /** {@code host:port} of a listener: SASL_PLAINTEXT, SASL_SSL or SSL. */
    public String address(String listener) {
        return "localhost:" + kafka.boundPort(listener);
    }

    public Path truststore() {
        return truststore;
    }

    /** The JAAS line of a client, as the documented settings write it. */
    public static String jaas(String mechanism, String user, String password) {
        String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        return module + " required username=\"" + user + "\" password=\"" + password + "\";";
    }

    /** SCRAM users live in the cluster metadata: added through the admin API, usable once the broker has them. */
    private void addScramUser() throws Exception {
        for (ScramMechanism mechanism : List.of(ScramMechanism.SCRAM_SHA_256, ScramMechanism.SCRAM_SHA_512)) {
            // one request per mechanism: the broker refuses two changes of one user in a request
            kafka.admin().alterUserScramCredentials(List.of(
                    new UserScramCredentialUpsertion(USER, new ScramCredentialInfo(mechanism, 4096), PASSWORD)))
                    .all().get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> client = Map.of("bootstrap.servers", address("SASL_PLAINTEXT"), "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config", jaas("SCRAM-SHA-512", USER, PASSWORD));
        try (Admin scramAdmin = Admin.create(client)) {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> scramAdmin.describeCluster().clusterId().get(5, TimeUnit.SECONDS) != null);
        }
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + out);
        }
    }

    @Override
    public void close() {
        kafka.close();
    }
}
