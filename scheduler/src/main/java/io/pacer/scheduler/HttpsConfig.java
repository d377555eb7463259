package io.pacer.scheduler;

import io.pacer.scheduler.tls.ServerKeystore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * HTTPS, from Marathon's flags ({@code HttpConf.scala}: {@code --https_port}, {@code --ssl_keystore_path},
 * {@code --ssl_keystore_password}, {@code --disable_http}, and its environment variables {@code MESOSPHERE_KEYSTORE_PATH}
 * and {@code MESOSPHERE_KEYSTORE_PASS}), plus {@code --ssl-keystore-password-file} so that the password can stay out
 * of ps. The keystore is opened here, so that a bad one stops Pacer before anything starts.
 *
 * @param port         the HTTPS port (0 picks a free one)
 * @param httpDisabled whether plain HTTP is not served at all
 */
public record HttpsConfig(int port, ServerKeystore keystore, boolean httpDisabled) {
    /** Marathon's default {@code --https_port}. */
    static final int DEFAULT_PORT = 8443;
    static final String PATH_VARIABLE = "MESOSPHERE_KEYSTORE_PATH";
    static final String PASSWORD_VARIABLE = "MESOSPHERE_KEYSTORE_PASS";

    static Optional<HttpsConfig> read(Flags flags, Map<String, String> env, int port) throws PacerConfig.UsageException {
        Optional<String> path = flags.value("--ssl-keystore-path").or(() -> Optional.ofNullable(env.get(PATH_VARIABLE)));
        Optional<String> password = flags.value("--ssl-keystore-password");
        Optional<String> passwordFile = flags.value("--ssl-keystore-password-file");
        boolean httpsPortGiven = flags.given("--https-port");
        boolean disableHttp = flags.switchedOn("--disable-http");
        if (path.isEmpty()) {
            // Marathon ignores these without a keystore; Pacer says so rather than serve plain HTTP where HTTPS was meant
            if (disableHttp || httpsPortGiven || password.isPresent() || passwordFile.isPresent()) {
                throw new PacerConfig.UsageException((disableHttp ? "--disable-http" : httpsPortGiven ? "--https-port" : "--ssl-keystore-password")
                        + " needs --ssl-keystore-path (HTTPS is served only with a keystore)");
            }
            return Optional.empty();
        }
        char[] secret = password(password, passwordFile, Optional.ofNullable(env.get(PASSWORD_VARIABLE)));
        try {
            return Optional.of(new HttpsConfig(port, ServerKeystore.load(Path.of(path.get()), secret), disableHttp));
        } catch (ServerKeystore.Problem e) {
            throw new PacerConfig.UsageException("--ssl-keystore-path: " + e.getMessage());
        }
    }

    private static char[] password(Optional<String> flag, Optional<String> file, Optional<String> env) throws PacerConfig.UsageException {
        if (flag.isPresent() && file.isPresent()) {
            throw new PacerConfig.UsageException("--ssl-keystore-password and --ssl-keystore-password-file: give one of them");
        }
        if (file.isPresent()) {
            try {
                String text = Files.readString(Path.of(file.get()), StandardCharsets.UTF_8);
                return (text.endsWith("\n") ? text.substring(0, text.length() - 1) : text).toCharArray();
            } catch (IOException | RuntimeException e) {
                throw new PacerConfig.UsageException("--ssl-keystore-password-file: cannot read " + file.get() + " (" + e + ")");
            }
        }
        return flag.or(() -> env).orElseThrow(() -> new PacerConfig.UsageException("--ssl-keystore-path needs its password:"
                + " --ssl-keystore-password-file FILE, --ssl-keystore-password PASSWORD or " + PASSWORD_VARIABLE)).toCharArray();
    }
}
