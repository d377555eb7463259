package io.pacer.scheduler.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Who may use the API (Marathon's {@code --http_credentials}, plus a file with roles): users with a password and a
 * role, checked against HTTP Basic credentials in constant time. {@link #none()} lets everyone in.
 */
public final class ApiUsers {
    /** {@code admin} may do everything; {@code viewer} may only read (GET, HEAD). */
    public enum Role { ADMIN, VIEWER }

    /** One user; the password is never printed. */
    public record User(String name, byte[] password, Role role) {
        public User {
            if (name.isEmpty() || name.contains(":")) {
                throw new IllegalArgumentException("a user name must be non-empty and free of ':', was '" + name + "'");
            }
            if (password.length == 0) {
                throw new IllegalArgumentException("user '" + name + "' has an empty password");
            }
            password = password.clone();
        }

        @Override
        public String toString() {
            return "User[" + name + ", " + role.name().toLowerCase(Locale.ROOT) + "]";
        }
    }

    private final Map<String, User> users;

    private ApiUsers(List<User> users) {
        Map<String, User> byName = new LinkedHashMap<>();
        users.forEach(u -> byName.put(u.name(), u));
        this.users = Map.copyOf(byName);
    }

    public static ApiUsers none() {
        return new ApiUsers(List.of());
    }

    public static ApiUsers of(List<User> users) {
        return new ApiUsers(users);
    }

    /** {@code user:password[,user2:password2]}, all admins (Marathon's --http_credentials form). */
    public static List<User> parseList(String text) {
        List<User> users = new ArrayList<>();
        for (String pair : text.split(",")) {
            users.add(user(pair.strip(), Role.ADMIN));
        }
        return users;
    }

    /** One {@code user:password[:role]} per line (role {@code admin} when left out); blank lines and {@code #} comments skipped. */
    public static List<User> readFile(Path file) throws IOException {
        List<User> users = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            int last = entry.lastIndexOf(':');
            String role = entry.substring(last + 1);
            boolean hasRole = entry.indexOf(':') != last && (role.equals("admin") || role.equals("viewer"));
            users.add(hasRole ? user(entry.substring(0, last), Role.valueOf(role.toUpperCase(Locale.ROOT))) : user(entry, Role.ADMIN));
        }
        return users;
    }

    private static User user(String pair, Role role) {
        int colon = pair.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("expected user:password, got '" + pair.replaceAll(":.*", ":***") + "'");
        }
        return new User(pair.substring(0, colon), pair.substring(colon + 1).getBytes(StandardCharsets.UTF_8), role);
    }

    public boolean required() {
        return !users.isEmpty();
    }

    /** The user an {@code Authorization: Basic} header proves, if it proves one. */
    public Optional<User> authenticate(Optional<String> authorization) {
        return login(authorization).user();
    }

    /** Why credentials were not taken, as counted in /metrics. */
    public enum Failure {
        /** not {@code Basic} with base64 of {@code user:password} */
        MALFORMED,
        UNKNOWN_USER,
        WRONG_PASSWORD;

        /** The value of the metric's {@code reason} tag. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What an {@code Authorization} header proved: a user, or why not (nothing at all when it was absent). */
    public record Login(Optional<User> user, Optional<Failure> failure) {
        static Login of(User user) {
            return new Login(Optional.of(user), Optional.empty());
        }

        static Login failed(Failure failure) {
            return new Login(Optional.empty(), Optional.of(failure));
        }
    }

    private static final Login ANONYMOUS = new Login(Optional.empty(), Optional.empty());
    /** Compared with when the user is unknown, so that an unknown name costs the same time as a wrong password. */
    private static final byte[] NO_PASSWORD = new byte[32];

    /** What {@code authorization} (an {@code Authorization} header) proves. */
    public Login login(Optional<String> authorization) {
        if (authorization.isEmpty()) {
            return ANONYMOUS;
        }
        String[] scheme = authorization.get().split(" ");
        if (scheme.length != 2 || !scheme[0].equalsIgnoreCase("Basic")) {
            return Login.failed(Failure.MALFORMED);
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(scheme[1].strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Login.failed(Failure.MALFORMED);
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Login.failed(Failure.MALFORMED);
        }
        User user = users.get(decoded.substring(0, colon));
        byte[] sent = decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
        boolean matches = MessageDigest.isEqual(user == null ? NO_PASSWORD : user.password(), sent);
        if (user == null) {
            return Login.failed(Failure.UNKNOWN_USER);
        }
        return matches ? Login.of(user) : Login.failed(Failure.WRONG_PASSWORD);
    }
}
