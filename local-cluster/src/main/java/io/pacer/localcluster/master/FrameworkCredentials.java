package io.pacer.localcluster.master;

import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.v1.Protos.Credentials;

/**
 * The principals and secrets HTTP frameworks must present (Mesos's {@code --authenticate_http_frameworks} with
 * {@code --credentials}), checked as libprocess's basic authenticator does (3rdparty/libprocess/src/authenticator.cpp):
 * {@code Authorization: Basic base64(principal:secret)}, anything else unauthorized.
 */
public final class FrameworkCredentials {
    /** Mesos's realm for HTTP frameworks (src/master/constants.hpp DEFAULT_HTTP_FRAMEWORK_AUTHENTICATION_REALM). */
    public static final String REALM = "mesos-master-scheduler";

    private final Map<String, byte[]> secrets;

    private FrameworkCredentials(Map<String, byte[]> secrets) {
        this.secrets = Map.copyOf(secrets);
    }

    /**
     * Reads a credentials file in either of Mesos's forms (src/credentials/credentials.hpp): JSON
     * {@code {"credentials": [{"principal": "p", "secret": "s"}]}}, or one {@code principal secret} per line.
     */
    public static FrameworkCredentials read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Map<String, byte[]> secrets = new HashMap<>();
        if (text.strip().startsWith("{")) {
            Credentials.Builder parsed = Credentials.newBuilder();
            JsonFormat.parser().merge(text, parsed);
            parsed.getCredentialsList().forEach(c -> secrets.put(c.getPrincipal(), c.getSecret().getBytes(StandardCharsets.UTF_8)));
        } else {
            for (String line : text.split("\n")) {
                String[] fields = line.strip().split("\\s+");
                if (fields.length == 2) {
                    secrets.put(fields[0], fields[1].getBytes(StandardCharsets.UTF_8));
                } else if (!line.isBlank()) {
                    throw new IOException("a credentials line must be 'principal secret': '" + line.strip() + "'");
                }
            }
        }
        if (secrets.isEmpty()) {
            throw new IOException("no credentials in " + file);
        }
        return new FrameworkCredentials(secrets);
    }

    /** The principal an {@code Authorization} header proves, if it proves one. */
    Optional<String> authenticate(Optional<String> authorization) {
        String[] scheme = authorization.orElse("").split(" ");
        if (scheme.length != 2 || !scheme[0].equals("Basic")) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(scheme[1]), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String[] credential = decoded.split(":", -1);
        if (credential.length != 2 || !secrets.containsKey(credential[0])) {
            return Optional.empty();
        }
        boolean matches = MessageDigest.isEqual(secrets.get(credential[0]), credential[1].getBytes(StandardCharsets.UTF_8));
        return matches ? Optional.of(credential[0]) : Optional.empty();
    }
}
