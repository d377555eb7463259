package io.pacer.localcluster.agent;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.pacer.localcluster.http.HttpError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.mesos.v1.Protos.ContainerID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;

/**
 * Executor authentication as Mesos's agent does it with {@code --authenticate_http_executors}: each executor is
 * given a JWT (HS256) in {@code MESOS_EXECUTOR_AUTHENTICATION_TOKEN} whose claims are its framework id
 * ({@code fid}), executor id ({@code eid}) and container id ({@code cid}) (src/slave/slave.cpp, the default
 * secret generator), and every call on the executor API must carry it as {@code Authorization: Bearer}. The
 * answers follow libprocess's JWT authenticator (3rdparty/libprocess/src/jwt_authenticator.cpp: 401 with a Bearer
 * challenge) and the agent's claim check (src/slave/http.cpp {@code verifyExecutorClaims}: 403). The signing key
 * lives in the cluster's work dir, so that executors recovered after a restart keep valid tokens.
 */
public final class ExecutorTokens {
    /** src/slave/constants.hpp EXECUTOR_HTTP_AUTHENTICATION_REALM. */
    static final String REALM = "mesos-agent-executor";
    private static final String HEADER = base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    private final byte[] key;

    private ExecutorTokens(byte[] key) {
        this.key = key.clone();
    }

    /** The key in {@code file}, made (32 random bytes, readable by the owner only) when there is none yet. */
    public static ExecutorTokens loadOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Files.createDirectories(file.getParent());
            Files.write(Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))), key);
        }
        return new ExecutorTokens(Files.readAllBytes(file));
    }

    String issue(FrameworkID frameworkId, ExecutorID executorId, ContainerID containerId) {
        JsonObject claims = new JsonObject();
        claims.addProperty("cid", containerId.getValue());
        claims.addProperty("eid", executorId.getValue());
        claims.addProperty("fid", frameworkId.getValue());
        String signed = HEADER + "." + base64Url(claims.toString().getBytes(StandardCharsets.UTF_8));
        return signed + "." + base64Url(sign(signed));
    }

    /**
     * The claims of the token in {@code authorization}; 401 when there is none, or it is not a token this cluster
     * signed. Runs before the call is read, as libprocess authenticates before the handler.
     */
    Map<String, String> authenticate(Optional<String> authorization) throws HttpError {
        JsonObject verified = verify(authorization);
        Map<String, String> claims = new TreeMap<>();
        verified.entrySet().forEach(e -> claims.put(e.getKey(), e.getValue().isJsonPrimitive() ? e.getValue().getAsString() : e.getValue().toString()));
        return claims;
    }

    /** 403 unless {@code claims} name the executor the call is for (src/slave/http.cpp verifyExecutorClaims). */
    static void authorize(Map<String, String> claims, FrameworkID frameworkId, ExecutorID executorId, ContainerID containerId)
            throws HttpError {
        String principal = "{claims: " + claims + "}";
        if (!frameworkId.getValue().equals(claims.get("fid"))) {
            throw HttpError.forbidden("Authenticated principal '" + principal + "' does not contain an 'fid' claim with the framework ID "
                    + frameworkId.getValue() + ", which is set in the call");
        }
        if (!executorId.getValue().equals(claims.get("eid"))) {
            throw HttpError.forbidden("Authenticated principal '" + principal + "' does not contain an 'eid' claim with the executor ID "
                    + executorId.getValue() + ", which is set in the call");
        }
        if (!containerId.getValue().equals(claims.get("cid"))) {
            throw HttpError.forbidden("Authenticated principal '" + principal + "' does not contain a 'cid' claim with the correct active ContainerID");
        }
    }

    private JsonObject verify(Optional<String> authorization) throws HttpError {
        if (authorization.isEmpty()) {
            throw HttpError.unauthorized("Bearer realm=\"" + REALM + "\""); // no error details, as RFC 6750 3.1
        }
        String[] token = authorization.get().split(" ");
        if (token.length != 2) {
            throw invalid("Malformed 'Authorization' header");
        }
        if (!token[0].equals("Bearer")) {
            throw invalid("Scheme '" + token[0] + "' unsupported");
        }
        String[] parts = token[1].split("\\.", -1);
        if (parts.length != 3) {
            throw invalid("Invalid JWT: Expected 3 components in token, got " + parts.length);
        }
        byte[] expected = sign(parts[0] + "." + parts[1]);
        byte[] presented;
        JsonObject claims;
        try {
            presented = Base64.getUrlDecoder().decode(parts[2]);
            claims = JsonParser.parseString(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (RuntimeException e) {
            throw invalid("Invalid JWT: Failed to parse the token's payload or signature");
        }
        if (!MessageDigest.isEqual(expected, presented)) {
            throw invalid("Invalid JWT: Token signature does not match");
        }
        if (claims.size() == 0) {
            throw invalid("JWT claims missing");
        }
        return claims;
    }

    private static HttpError invalid(String description) {
        return HttpError.unauthorized("Bearer realm=\"" + REALM + "\", error=\"invalid_token\", error_description=\"" + description + "\"");
    }

    private byte[] sign(String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
