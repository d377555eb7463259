package io.pacer.executor.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The {@code docker run} flags Pacer accepts in {@code DockerInfo.parameters} (Marathon's
 * {@code container.docker.parameters}), each with the form its value must have. Any other key is refused when the
 * task is read: Mesos passes unknown flags to the docker CLI blindly, but the executor talks to the engine's API and
 * would otherwise drop them silently.
 */
public enum DockerParameter {
    HOSTNAME("hostname", Form.TEXT),
    USER("user", Form.TEXT),
    WORKDIR("workdir", Form.TEXT),
    LABEL("label", Form.KEY_VALUE),
    ENV("env", Form.KEY_VALUE),
    ADD_HOST("add-host", Form.HOST_IP),
    DNS("dns", Form.TEXT),
    DNS_SEARCH("dns-search", Form.TEXT),
    CAP_ADD("cap-add", Form.TEXT),
    CAP_DROP("cap-drop", Form.TEXT),
    PIDS_LIMIT("pids-limit", Form.WHOLE_NUMBER),
    SHM_SIZE("shm-size", Form.BYTES),
    INIT("init", Form.BOOLEAN),
    READ_ONLY("read-only", Form.BOOLEAN),
    STOP_SIGNAL("stop-signal", Form.TEXT),
    TMPFS("tmpfs", Form.TEXT);

    private final String key;
    private final Form form;

    DockerParameter(String key, Form form) {
        this.key = key;
        this.form = form;
    }

    public String key() {
        return key;
    }

    public static Optional<DockerParameter> forKey(String key) {
        return Arrays.stream(values()).filter(p -> p.key.equals(key)).findFirst();
    }

    /** For error messages: every key Pacer accepts. */
    public static String supportedKeys() {
        return Arrays.stream(values()).map(DockerParameter::key).collect(Collectors.joining(", "));
    }

    /** Whether {@code value} has this flag's form; what the form is, for an error message, otherwise. */
    public Optional<String> problemWith(String value) {
        return form.pattern.matcher(value).matches() ? Optional.empty() : Optional.of("must be " + form.description);
    }

    /** {@code 64m} → 67108864: a number with an optional b, k, m or g suffix, as the docker CLI reads sizes. */
    public static long bytes(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        char unit = v.charAt(v.length() - 1);
        long multiplier = switch (unit) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1;
        };
        String digits = Character.isDigit(unit) ? v : v.substring(0, v.length() - 1);
        return Long.parseLong(digits) * multiplier;
    }

    private enum Form {
        TEXT(".+", "a non-empty string"),
        KEY_VALUE("[^=]+=.*", "KEY=VALUE"),
        HOST_IP("[^:]+:.+", "HOST:IP"),
        WHOLE_NUMBER("-?[0-9]{1,18}", "a whole number"),
        BYTES("[0-9]{1,15}[bkmgBKMG]?", "a size such as 67108864, 512k, 64m or 1g"),
        BOOLEAN("true|false", "true or false");

        private final Pattern pattern;
        private final String description;

        Form(String regex, String description) {
            this.pattern = Pattern.compile(regex);
            this.description = description;
        }
    }
}
