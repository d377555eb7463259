package io.pacer.scheduler.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pacer.scheduler.api.ApiAccess;
import io.pacer.scheduler.api.ApiListener;
import io.pacer.scheduler.api.ApiServer;
import io.pacer.scheduler.api.PingResource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keystores keytool made (self-signed, named for no host this test uses), served by the API server's HTTPS listener:
 * Pacer's own clients trust exactly its certificate whatever name they reach it by, and no other one.
 */
class ServerKeystoreTest {
    private static final char[] PASSWORD = "unit-test-pass".toCharArray();

    @TempDir
    Path dir;

    @Test
    void pacersOwnClientsTrustExactlyItsCertificateWhateverTheName() throws Exception {
        ServerKeystore served = ServerKeystore.load(selfSigned("served.p12", "PKCS12"), PASSWORD);
        ServerKeystore other = ServerKeystore.load(selfSigned("other.jks", "JKS"), PASSWORD);
        ApiListener https = ApiListener.https("127.0.0.1", 0, served.serverContext());
        ApiServer server = new ApiServer(List.of(https), 1024, 0, ApiAccess.open());
        try {
            server.serve(Map.of(PingResource.PREFIX, PingResource.route()), null);
            URI ping = URI.create("https://127.0.0.1:" + server.port(https) + "/ping");
            // the certificate says CN=elsewhere.invalid, the client calls 127.0.0.1: pinned, the name does not matter
            assertThat(get(served.pinnedClientContext(), ping).statusCode()).isEqualTo(200);
            assertThat(get(served.clientContextAlsoTrustingSystem(), ping).statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> get(other.pinnedClientContext(), ping)).isInstanceOf(SSLHandshakeException.class);
            assertThatThrownBy(() -> get(other.clientContextAlsoTrustingSystem(), ping))
                    .as("not pinned, and no CA of the system's signed it").isInstanceOf(SSLHandshakeException.class);
        } finally {
            server.close();
        }
    }

    @Test
    void boringSslServesHttpsOnLinuxX8664() {
        // pacer.jar ships netty-tcnative's static BoringSSL for Linux x86-64, the machines Pacer is built and run on
        assertThat(ServerKeystore.provider()).isEqualTo(io.netty.handler.ssl.SslProvider.OPENSSL);
    }

    @Test
    void aWrongPasswordIsNamedAsSuch() throws Exception {
        Path store = selfSigned("k.p12", "PKCS12");
        assertThatThrownBy(() -> ServerKeystore.load(store, "wrong".toCharArray()))
                .isInstanceOf(ServerKeystore.Problem.class).hasMessage(store + ": wrong keystore password");
    }

    private static HttpResponse<String> get(SSLContext trust, URI uri) throws Exception {
        return HttpClient.newBuilder().sslContext(trust).build().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    private Path selfSigned(String file, String type) throws Exception {
        Path store = dir.resolve(file);
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-keystore", store.toString(), "-storetype", type, "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD),
                "-alias", "pacer", "-dname", "CN=elsewhere.invalid", "-keyalg", "EC", "-validity", "2")
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0).as("keytool: " + output).isTrue();
        return store;
    }
}
