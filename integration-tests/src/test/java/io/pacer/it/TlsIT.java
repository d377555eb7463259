package io.pacer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pacer.jar serving HTTPS from keystores keytool made (a test CA and a server certificate it signed): the API, web UI
 * and artifacts with Basic credentials to clients that trust that CA only (the JDK's and curl), plain HTTP beside it
 * or not at all (--disable-http, where agents fetch the executor and discovery follows over HTTPS), and a bad
 * keystore refused at start in one line, exit 2.
 */
class TlsIT {
    private static final String ADMIN = "ops:tls-admin-pass";

    @TempDir
    Path dir;

    private TestCertificates certs;

    @BeforeEach
    void makeCertificates() throws Exception {
        certs = TestCertificates.make(dir.resolve("certs"));
    }

    @Test
    void httpsServesTheApiWebUiAndArtifactsWithCredentialsAndPlainHttpStillAnswers() throws Exception {
        HttpClient trusting = certs.trustingClient();
        try (PacerProcess pacer = PacerProcess.start(trusting, dir.resolve("pacer"), "--https-port", "0",
                "--ssl-keystore-path", certs.pkcs12().toString(), "--ssl-keystore-password-file", certs.passwordFile().toString(),
                "--http-credentials", ADMIN)) {
            assertThat(pacer.uri.getScheme()).as("the advertised URL").isEqualTo("https");
            assertThat(send(trusting, "GET", pacer.uri.resolve("/v2/apps"), Optional.empty(), null).statusCode()).isEqualTo(401);
            JsonNode info = PacerProcess.JSON.readTree(send(trusting, "GET", pacer.uri.resolve("/v2/info"), Optional.of(ADMIN), null).body());
            assertThat(info.at("/http_config/https_port").asInt()).isEqualTo(pacer.uri.getPort());
            assertThat(info.get("leader").asText()).isEqualTo("127.0.0.1:" + pacer.uri.getPort());
            URI plain = URI.create("http://127.0.0.1:" + info.at("/http_config/http_port").asInt());

            String app = "{\"id\": \"/tls/web\", \"cmd\": \"exec sleep 7822\", \"cpus\": 0.1, \"mem\": 32, \"instances\": 0}";
            assertThat(send(trusting, "POST", pacer.uri.resolve("/v2/apps"), Optional.of(ADMIN), app).statusCode()).isEqualTo(201);
            assertThat(send(trusting, "GET", pacer.uri.resolve("/v2/apps"), Optional.of(ADMIN), null).body()).contains("/tls/web");
            assertThat(send(trusting, "GET", pacer.uri.resolve("/"), Optional.of(ADMIN), null).body()).as("the web UI").contains("<html");
            // the same routes and the same gate on the plain port
            HttpClient plainClient = HttpClient.newHttpClient();
            assertThat(send(plainClient, "GET", plain.resolve("/v2/apps"), Optional.empty(), null).statusCode()).isEqualTo(401);
            assertThat(send(plainClient, "GET", plain.resolve("/v2/apps"), Optional.of(ADMIN), null).body()).contains("/tls/web");

            // a file over TLS goes in chunks, not zero-copy: the same bytes as over plain HTTP
            byte[] overHttps = trusting.send(HttpRequest.newBuilder(pacer.uri.resolve("/v2/artifacts/pacer-executor.jar")).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body();
            byte[] overHttp = plainClient.send(HttpRequest.newBuilder(plain.resolve("/v2/artifacts/pacer-executor.jar")).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body();
            assertThat(overHttps).hasSizeGreaterThan(1_000_000).isEqualTo(overHttp);

            // a client that trusts only the system's CAs refuses Pacer's certificate
            assertThatThrownBy(() -> send(HttpClient.newHttpClient(), "GET", pacer.uri.resolve("/ping"), Optional.empty(), null))
                    .isInstanceOf(SSLHandshakeException.class);
            // curl (scripts/lib/setup.sh installs it), as an operator would check the certificate
            String out = run(List.of("curl", "-sS", "--fail", "--cacert", certs.caPem().toString(), "-u", ADMIN,
                    pacer.uri.resolve("/v2/apps/tls/web").toString())).output();
            assertThat(out).contains("\"id\":\"/tls/web\"");
            Finished anonymous = run(List.of("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--cacert",
                    certs.caPem().toString(), pacer.uri.resolve("/v2/apps").toString()));
            assertThat(anonymous.output()).isEqualTo("401");
        }
    }

    @Test
    void withDisableHttpOnlyHttpsAnswersAndAnAppRunsOnAnExecutorFetchedOverHttps() throws Exception {
        int unusedHttpPort = LocalPorts.servicePort();
        List<String> flags = new ArrayList<>(List.of(LocalPorts.agentFlags()));
        flags.addAll(List.of("--http-port", String.valueOf(unusedHttpPort), "--https-port", "0", "--disable-http",
                "--ssl-keystore-path", certs.jks().toString(), "--ssl-keystore-password", TestCertificates.PASSWORD,
                "--discovery", "--discovery-outputs", "file"));
        try (PacerProcess pacer = PacerProcess.start(certs.trustingClient(), dir.resolve("pacer"), flags.toArray(String[]::new))) {
            assertThat(pacer.uri.getScheme()).isEqualTo("https");
            assertThat(pacer.get("/v2/info").get("http_config").has("http_port")).as("no plain HTTP port in /v2/info").isFalse();
            HttpClient plainClient = HttpClient.newHttpClient();
            assertThatThrownBy(() -> send(plainClient, "GET", URI.create("http://127.0.0.1:" + unusedHttpPort + "/ping"), Optional.empty(), null))
                    .as("--http-port is not bound").isInstanceOf(ConnectException.class);
            assertThatThrownBy(() -> send(plainClient, "GET", URI.create("http://127.0.0.1:" + pacer.uri.getPort() + "/ping"), Optional.empty(), null))
                    .as("plain HTTP on the HTTPS port is closed unanswered").isInstanceOf(IOException.class);

            String app = "{\"id\": \"/tls/only\", \"cmd\": \"exec sleep 7823\", \"cpus\": 0.1, \"mem\": 32, \"portDefinitions\": [{\"port\": 0}]}";
            try (EventStreamClient events = EventStreamClient.open(pacer)) {
                assertThat(pacer.send("POST", "/v2/apps", app).statusCode()).isEqualTo(201);
                // the agent could only have fetched the executor over HTTPS; the event stream also comes over it
                events.await(EventStreamClient.appStatus("/tls/only", "TASK_RUNNING"), Duration.ofSeconds(120));
            }
            pacer.awaitTasks("/tls/only", PacerProcess.running(1), Duration.ofSeconds(60));
            // in-process discovery follows the API over HTTPS (the only way in)
            Path endpoints = dir.resolve("pacer/discovery/endpoints/endpoints.json");
            Poll.until(Duration.ofSeconds(60), () -> "the app's task in " + endpoints + "\nPacer's log:\n" + pacer.tail(),
                    () -> Files.exists(endpoints) && Files.readString(endpoints).contains("tls_only.") ? Optional.of(true) : Optional.empty());
        }
    }

    @Test
    void aBadKeystoreOrPasswordStopsPacerWithOneLineNamingTheFileAndExit2() throws Exception {
        Path missing = dir.resolve("missing.p12");
        expectUsageError(List.of("--ssl-keystore-path", missing.toString(), "--ssl-keystore-password", "x"),
                "pacer: --ssl-keystore-path: " + missing + ": no such file");
        expectUsageError(List.of("--ssl-keystore-path", certs.pkcs12().toString(), "--ssl-keystore-password", "wrong"),
                "pacer: --ssl-keystore-path: " + certs.pkcs12() + ": wrong keystore password");
        expectUsageError(List.of("--ssl-keystore-path", certs.jks().toString(), "--ssl-keystore-password", "wrong"),
                "pacer: --ssl-keystore-path: " + certs.jks() + ": wrong keystore password");
        expectUsageError(List.of("--ssl-keystore-path", certs.trustOnly().toString(), "--ssl-keystore-password", TestCertificates.PASSWORD),
                "pacer: --ssl-keystore-path: " + certs.trustOnly() + ": holds no private key");
        expectUsageError(List.of("--disable-http"), "pacer: --disable-http needs --ssl-keystore-path");
    }

    private void expectUsageError(List<String> flags, String expectedStart) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                System.getProperty("pacer.jar"), "--work-dir", dir.resolve("never").toString()));
        command.addAll(flags);
        Finished finished = run(command);
        assertThat(finished.exit()).as("exit code of pacer.jar " + flags + ": " + finished.output()).isEqualTo(2);
        assertThat(finished.output().lines().toList()).as("pacer.jar " + flags).hasSize(1);
        assertThat(finished.output()).startsWith(expectedStart);
        assertThat(Files.exists(dir.resolve("never/state"))).as("nothing started").isFalse();
    }

    private record Finished(int exit, String output) {
    }

    private static Finished run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not end within 60 s");
        }
        return new Finished(process.exitValue(), output);
    }

    private static HttpResponse<String> send(HttpClient client, String method, URI uri, Optional<String> user, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        user.ifPresent(u -> request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(u.getBytes(StandardCharsets.UTF_8))));
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
