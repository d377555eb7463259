package io.pacer.staging;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One thing to put into a sandbox: Mesos's {@code CommandInfo.URI} and Marathon's {@code fetch} entry, plus an
 * optional sha256 to verify before use. Validated at construction; an invalid artifact never exists.
 *
 * @param uri        where to get it: {@code http}, {@code https} or {@code file} (plain absolute paths become
 *                   {@code file} URIs through {@link #of(String)})
 * @param extract    unpack it when its name says it is an archive (ignored when {@code executable})
 * @param executable set the execute bits on the fetched file; never extracted
 * @param cache      go through the machine-wide cache instead of downloading into the sandbox
 * @param outputFile the name (relative path) in the sandbox; needed when the URI's last segment is not a name
 * @param sha256     the expected SHA-256 of the fetched bytes, lower-case hex
 */
public record Artifact(URI uri, boolean extract, boolean executable, boolean cache,
                       Optional<String> outputFile, Optional<String> sha256) {

    private static final Set<String> SCHEMES = Set.of("http", "https", "file");

    public Artifact {
        if (uri == null) {
            throw new IllegalArgumentException("artifact URI is missing");
        }
        if (uri.getScheme() == null) {
            throw new IllegalArgumentException("URI " + uri + " has no scheme: use http, https, file or an absolute "
                    + "path");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme)) {
            throw new IllegalArgumentException("unsupported URI scheme '" + uri.getScheme() + "' in " + uri
                    + ": use http, https, file or an absolute path");
        }
        if (!scheme.equals("file") && (uri.getHost() == null || uri.getHost().isEmpty())) {
            throw new IllegalArgumentException("URI " + uri + " has no host");
        }
        if (scheme.equals("file") && (uri.getPath() == null || !uri.getPath().startsWith("/"))) {
            throw new IllegalArgumentException("file URI " + uri + " must name an absolute path");
        }
        outputFile = outputFile == null ? Optional.empty() : outputFile;
        outputFile.ifPresent(name -> checkOutputFile(uri, name));
        sha256 = sha256 == null ? Optional.empty() : sha256.map(hex -> checkSha256(uri, hex));
        if (outputFile.isEmpty() && lastSegment(uri).isEmpty()) {
            throw new IllegalArgumentException("URI " + uri + " does not end with a file name: set outputFile");
        }
    }

    /** An artifact with Mesos's defaults: extract, not executable, not cached. Accepts plain absolute paths. */
    public static Artifact of(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException("artifact URI is missing");
        }
        if (uri.startsWith("/")) {
            try {
                return new Artifact(Path.of(uri).toUri(), true, false, false, Optional.empty(), Optional.empty());
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("invalid path " + uri + ": " + e.getReason(), e);
            }
        }
        try {
            return new Artifact(new URI(uri), true, false, false, Optional.empty(), Optional.empty());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid URI " + uri + ": " + e.getReason(), e);
        }
    }

    public Artifact withExtract(boolean value) {
        return new Artifact(uri, value, executable, cache, outputFile, sha256);
    }

    public Artifact withExecutable(boolean value) {
        return new Artifact(uri, extract, value, cache, outputFile, sha256);
    }

    public Artifact withCache(boolean value) {
        return new Artifact(uri, extract, executable, value, outputFile, sha256);
    }

    public Artifact withOutputFile(String value) {
        return new Artifact(uri, extract, executable, cache, Optional.of(value), sha256);
    }

    public Artifact withSha256(String value) {
        return new Artifact(uri, extract, executable, cache, outputFile, Optional.of(value));
    }

    /** Where the fetched file lands, relative to the sandbox. */
    public Path outputPath() {
        return Path.of(outputFile.orElseGet(() -> lastSegment(uri)));
    }

    /** The archive format to unpack, or empty when the file is to be left as it is. */
    public Optional<ArchiveFormat> archiveFormat() {
        if (executable || !extract) {
            return Optional.empty();
        }
        return ArchiveFormat.forFileName(outputPath().getFileName().toString());
    }

    /** The URI without user-info, for messages and logs: a password never reaches either. */
    public String displayUri() {
        if (uri.getRawUserInfo() == null) {
            return uri.toString();
        }
        return uri.toString().replace(uri.getRawUserInfo() + "@", "***@");
    }

    @Override
    public String toString() {
        return "Artifact[" + displayUri() + "]";
    }

    private static String lastSegment(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static void checkOutputFile(URI uri, String name) {
        Path path;
        try {
            path = Path.of(name);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("outputFile '" + name + "' for " + uri + " is not a valid path", e);
        }
        if (name.isBlank() || name.endsWith("/") || path.isAbsolute()) {
            throw new IllegalArgumentException("outputFile '" + name + "' for " + uri
                    + " must be a relative file path, such as app.tar.gz or lib/app.jar");
        }
        for (Path part : path) {
            if (part.toString().equals("..") || part.toString().equals(".")) {
                throw new IllegalArgumentException("outputFile '" + name + "' for " + uri
                        + " must stay inside the sandbox: no '.' or '..' parts");
            }
        }
    }

    private static String checkSha256(URI uri, String hex) {
        String lower = hex.trim().toLowerCase(Locale.ROOT);
        if (lower.length() != 64 || !lower.chars().allMatch(HexFormat::isHexDigit)) {
            throw new IllegalArgumentException("sha256 '" + hex + "' for " + uri + " is not 64 hexadecimal digits");
        }
        return lower;
    }
}
