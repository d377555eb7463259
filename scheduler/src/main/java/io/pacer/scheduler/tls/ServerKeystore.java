package io.pacer.scheduler.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.cert.X509Certificate;
import java.util.Collections;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * The key and certificate HTTPS serves, from a PKCS12 or JKS keystore ({@code --ssl-keystore-path}), with one password
 * for the store and its key, as Marathon's {@code --ssl_keystore_password}. Everything that can be wrong with the
 * file is found here, at start, as a {@link Problem} whose message names the file.
 */
public final class ServerKeystore {
    /** What is wrong with the keystore, in one line that names its file. */
    public static final class Problem extends Exception {
        Problem(Path file, String what) {
            super(file + ": " + what);
        }
    }

    private final SslContext serverContext;
    private final X509Certificate certificate;

    private ServerKeystore(SslContext serverContext, X509Certificate certificate) {
        this.serverContext = serverContext;
        this.certificate = certificate;
    }

    public static ServerKeystore load(Path file, char[] password) throws Problem {
        KeyStore store = read(file, password);
        try {
            String alias = Collections.list(store.aliases()).stream().filter(a -> isKey(store, a)).findFirst()
                    .orElseThrow(() -> new Problem(file, "holds no private key (a keystore with the server's key and certificate is"
                            + " needed, not a truststore)"));
            if (!(store.getCertificate(alias) instanceof X509Certificate certificate)) {
                throw new Problem(file, "the key '" + alias + "' has no X.509 certificate");
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SslContext context = SslContextBuilder.forServer(keys).sslProvider(provider()).build();
            return new ServerKeystore(context, certificate);
        } catch (UnrecoverableKeyException e) {
            throw new Problem(file, "cannot unlock its private key with the keystore's password (Pacer, as Marathon, uses one"
                    + " password for the store and its key)");
        } catch (SSLException | GeneralSecurityException e) {
            throw new Problem(file, "cannot serve TLS with it: " + e.getMessage());
        }
    }

    /**
     * BoringSSL (netty-tcnative's static build, shipped in pacer.jar for Linux x86-64) where it loads: it encrypts
     * several times faster than the JDK's provider, which held HTTPS to ~35 % of plain HTTP's throughput
     * (docs/benchmarks.md); the JDK's elsewhere.
     */
    static SslProvider provider() {
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    private static KeyStore read(Path file, char[] password) throws Problem {
        if (!Files.isRegularFile(file)) {
            throw new Problem(file, Files.exists(file) ? "is not a file" : "no such file");
        }
        try {
            // finds out PKCS12 or JKS from the content (KeyStore.getInstance(File, char[]), JDK 9+)
            return KeyStore.getInstance(file.toFile(), password);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password was incorrect")) {
                throw new Problem(file, "wrong keystore password");
            }
            throw new Problem(file, e instanceof NoSuchFileException ? "no such file" : "cannot read it: " + e.getMessage());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new Problem(file, "not a PKCS12 or JKS keystore (" + e.getMessage() + ")");
        }
    }

    private static boolean isKey(KeyStore store, String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Netty's context for the server's side, for an {@code SslHandler} on each HTTPS connection. */
    public SslContext serverContext() {
        return serverContext;
    }

    /** The certificate HTTPS presents. */
    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * For Pacer's own client of its API, in-process discovery: trusts exactly this certificate and nothing else,
     * whatever name it reaches Pacer by (loopback).
     */
    public SSLContext pinnedClientContext() {
        return PinnedCertificateTrust.context(certificate);
    }

    /**
     * For the embedded agents' fetcher, which fetches the executor jar from Pacer and other URIs from anywhere: this
     * certificate, and whatever the JDK's trust store trusts (as a real agent whose CA bundle has Pacer's CA added).
     */
    public SSLContext clientContextAlsoTrustingSystem() {
        return PinnedCertificateTrust.contextAlsoTrustingSystem(certificate);
    }
}
