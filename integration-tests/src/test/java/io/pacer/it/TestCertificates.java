package io.pacer.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A test CA and a server certificate it signed (for 127.0.0.1 and localhost), made with the JDK's keytool as an
 * operator would, in a folder of the test's own: the server's keystore (PKCS12 or JKS, key and chain), the CA's
 * certificate in PEM for clients (curl --cacert, {@link #trustingClient()}), and a keystore without a key.
 */
final class TestCertificates {
    static final String PASSWORD = "test-keystore-pass";

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** Makes the CA, the server's key in {@code server.p12} and {@code server.jks}, and {@code trust-only.p12}. */
    static TestCertificates make(Path dir) throws Exception {
        Files.createDirectories(dir);
        TestCertificates certs = new TestCertificates(dir);
        certs.keytool("-genkeypair", "-keystore", "ca.p12", "-storetype", "PKCS12", "-alias", "ca", "-dname", "CN=Pacer Test CA",
                "-keyalg", "EC", "-validity", "2", "-ext", "bc:c");
        certs.keytool("-exportcert", "-keystore", "ca.p12", "-alias", "ca", "-rfc", "-file", "ca.pem");
        for (String type : List.of("PKCS12", "JKS")) {
            String store = "server." + (type.equals("JKS") ? "jks" : "p12");
            certs.keytool("-genkeypair", "-keystore", store, "-storetype", type, "-keypass", PASSWORD, "-alias", "pacer",
                    "-dname", "CN=127.0.0.1", "-keyalg", "EC", "-validity", "2");
            certs.keytool("-certreq", "-keystore", store, "-alias", "pacer", "-file", "server.csr");
            certs.keytool("-gencert", "-keystore", "ca.p12", "-alias", "ca", "-infile", "server.csr", "-outfile", "server.pem", "-rfc",
                    "-validity", "2", "-ext", "san=ip:127.0.0.1,dns:localhost", "-ext", "eku=serverAuth");
            certs.keytool("-importcert", "-keystore", store, "-alias", "ca", "-file", "ca.pem", "-noprompt");
            certs.keytool("-importcert", "-keystore", store, "-alias", "pacer", "-file", "server.pem");
        }
        certs.keytool("-importcert", "-keystore", "trust-only.p12", "-storetype", "PKCS12", "-alias", "ca", "-file", "ca.pem", "-noprompt");
        return certs;
    }

    Path pkcs12() {
        return dir.resolve("server.p12");
    }

    Path jks() {
        return dir.resolve("server.jks");
    }

    /** A keystore with the CA's certificate only: no private key to serve with. */
    Path trustOnly() {
        return dir.resolve("trust-only.p12");
    }

    Path caPem() {
        return dir.resolve("ca.pem");
    }

    /** A file holding the keystores' password, for --ssl-keystore-password-file. */
    Path passwordFile() throws IOException {
        return Files.writeString(dir.resolve("keystore-password"), PASSWORD + "\n");
    }

    /** A JDK client that trusts the test CA and nothing else (not the system's CAs). */
    HttpClient trustingClient() throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream pem = Files.newInputStream(caPem())) {
            trust.setCertificateEntry("pacer-test-ca", CertificateFactory.getInstance("X.509").generateCertificate(pem));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).build();
    }

    private void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("-storepass", PASSWORD));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("keytool " + String.join(" ", args) + " failed:\n" + output);
        }
    }
}
