package io.pacer.scheduler.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts a server that presents exactly one given certificate, whatever name it was reached by: being an
 * {@link X509ExtendedTrustManager}, it replaces the JDK's host name check, and the certificate compared whole says
 * more than its name would. Any other server is trusted only as {@code others} (the JDK's default, with its host name
 * check) trusts it, when given.
 */
final class PinnedCertificateTrust extends X509ExtendedTrustManager {
    private final X509Certificate pinned;
    private final Optional<X509ExtendedTrustManager> others;

    private PinnedCertificateTrust(X509Certificate pinned, Optional<X509ExtendedTrustManager> others) {
        this.pinned = pinned;
        this.others = others;
    }

    /** Trusts {@code pinned} and nothing else. */
    static SSLContext context(X509Certificate pinned) {
        return context(new PinnedCertificateTrust(pinned, Optional.empty()));
    }

    /** Trusts {@code pinned}, and every other server the JDK's default trust store trusts. */
    static SSLContext contextAlsoTrustingSystem(X509Certificate pinned) {
        try {
            TrustManagerFactory system = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            system.init((KeyStore) null);
            X509ExtendedTrustManager others = Arrays.stream(system.getTrustManagers()).filter(X509ExtendedTrustManager.class::isInstance)
                    .map(X509ExtendedTrustManager.class::cast).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the JDK has no default X.509 trust manager"));
            return context(new PinnedCertificateTrust(pinned, Optional.of(others)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's trust store cannot be read: " + e.getMessage(), e);
        }
    }

    private static SSLContext context(PinnedCertificateTrust trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no TLS: " + e.getMessage(), e);
        }
    }

    private boolean isPinned(X509Certificate[] chain) {
        return chain != null && chain.length > 0 && chain[0].equals(pinned);
    }

    private CertificateException notPinned() {
        return new CertificateException("not Pacer's own certificate (" + pinned.getSubjectX500Principal() + ")");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (!isPinned(chain)) {
            others.orElseThrow(this::notPinned).checkServerTrusted(chain, authType);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        if (!isPinned(chain)) {
            others.orElseThrow(this::notPinned).checkServerTrusted(chain, authType, socket);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        if (!isPinned(chain)) {
            others.orElseThrow(this::notPinned).checkServerTrusted(chain, authType, engine);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a client-side trust only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return others.map(o -> {
            X509Certificate[] issuers = Arrays.copyOf(o.getAcceptedIssuers(), o.getAcceptedIssuers().length + 1);
            issuers[issuers.length - 1] = pinned;
            return issuers;
        }).orElse(new X509Certificate[] {pinned});
    }
}
