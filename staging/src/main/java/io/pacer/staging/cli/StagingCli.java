package io.pacer.staging.cli;

import io.pacer.staging.Artifact;
import io.pacer.staging.ArtifactStager;
import io.pacer.staging.ProgressListener;
import io.pacer.staging.StagingConfig;
import io.pacer.staging.StagingException;
import io.pacer.staging.StagingResult;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code pacer-staging fetch --into DIR [options] URI...}: stages artifacts from the command line, as a task's
 * sandbox would get them.
 */
public final class StagingCli {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    static final String HELP = """
            Usage: pacer-staging fetch --into DIR [options] URI...

            Fetches each URI (http, https, file or an absolute path) into DIR the way a task's sandbox
            gets it: verified, and unpacked when its name ends in .tar .tar.gz .tgz .tar.bz2 .tbz2
            .tar.xz .txz .tar.zst .zip or .gz. Archive entries that would leave DIR, device files, FIFOs
            and zip bombs are refused.

            Options:
              --into DIR          the folder to stage into; created when missing (required)
              --cache DIR         fetch through the artifact cache in DIR, shared by every process that
                                  uses it: a URI already there is not downloaded again, and an archive
                                  already unpacked there is hard-linked into DIR (files read-only)
              --sha256 HEX        the expected SHA-256 of the fetched bytes; a mismatch fails and leaves
                                  nothing behind (one URI only)
              --no-extract        keep archives packed
              --executable        make the fetched file executable for everyone; never unpacked
              --output-file NAME  the file's name in DIR, a relative path such as lib/app.jar; needed when
                                  the URI ends in a query string (one URI only)
              --verbose           log each step to stderr
              -h, --help          show this help

            Exit status: 0 when every URI was staged, 1 when any failed (one line on stderr for each),
            2 for a command line that cannot be understood.
            """;

    private StagingCli() {
    }

    public static void main(String[] args) {
        boolean verbose = List.of(args).contains("--verbose");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "off");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.exit(run(args, System.out, System.err, System.console() != null));
    }

    /** Runs one command line; returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err, boolean terminal) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("pacer-staging: " + e.getMessage() + " (see --help)");
            return USAGE;
        }
        if (options.help()) {
            out.print(HELP);
            return OK;
        }
        List<Artifact> artifacts = new ArrayList<>();
        try {
            for (String uri : options.uris()) {
                artifacts.add(options.applyTo(Artifact.of(uri)));
            }
        } catch (IllegalArgumentException e) {
            err.println("pacer-staging: " + e.getMessage());
            return USAGE;
        }
        StagingConfig config = StagingConfig.defaults();
        if (options.cache().isPresent()) {
            config = config.withCache(options.cache().get(), StagingConfig.DEFAULT_CACHE_MAX_BYTES);
        }
        ProgressBar bar = terminal ? new ProgressBar(out) : null;
        int status = OK;
        try (ArtifactStager stager = new ArtifactStager(config)) {
            for (Artifact artifact : artifacts) {
                try {
                    StagingResult result = stager.stage(artifact, options.into(),
                            bar == null ? ProgressListener.NONE : bar);
                    finish(bar);
                    out.printf("%s -> %s (%d files, %d bytes, %s)%n", artifact.displayUri(), result.path(),
                            result.filesWritten(), result.bytes(), result.cacheHit() ? "from cache" : "fetched");
                } catch (StagingException e) {
                    finish(bar);
                    err.println("pacer-staging: " + e.getMessage());
                    status = FAILED;
                }
            }
        }
        return status;
    }

    private static void finish(ProgressBar bar) {
        if (bar != null) {
            bar.finish();
        }
    }

    /** The parsed command line. */
    record Options(boolean help, Path into, Optional<Path> cache, Optional<String> sha256, boolean noExtract,
                   boolean executable, Optional<String> outputFile, List<String> uris) {

        static Options parse(String[] args) {
            Path into = null;
            Optional<Path> cache = Optional.empty();
            Optional<String> sha256 = Optional.empty();
            Optional<String> outputFile = Optional.empty();
            boolean noExtract = false;
            boolean executable = false;
            List<String> uris = new ArrayList<>();
            if (args.length == 0) {
                throw new IllegalArgumentException("missing command: fetch");
            }
            if (args[0].equals("--help") || args[0].equals("-h")) {
                return new Options(true, null, cache, sha256, false, false, outputFile, uris);
            }
            if (!args[0].equals("fetch")) {
                throw new IllegalArgumentException("unknown command '" + args[0] + "': the command is fetch");
            }
            for (int i = 1; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "-h", "--help" -> {
                        return new Options(true, null, cache, sha256, false, false, outputFile, uris);
                    }
                    case "--into" -> into = Path.of(value(args, ++i, arg));
                    case "--cache" -> cache = Optional.of(Path.of(value(args, ++i, arg)));
                    case "--sha256" -> sha256 = Optional.of(value(args, ++i, arg));
                    case "--output-file" -> outputFile = Optional.of(value(args, ++i, arg));
                    case "--no-extract" -> noExtract = true;
                    case "--executable" -> executable = true;
                    case "--verbose" -> { }
                    default -> {
                        if (arg.startsWith("-")) {
                            throw new IllegalArgumentException("unknown option " + arg);
                        }
                        uris.add(arg);
                    }
                }
            }
            if (into == null) {
                throw new IllegalArgumentException("--into DIR is required");
            }
            if (uris.isEmpty()) {
                throw new IllegalArgumentException("no URI to fetch");
            }
            if (uris.size() > 1 && (sha256.isPresent() || outputFile.isPresent())) {
                throw new IllegalArgumentException("--sha256 and --output-file apply to a single URI");
            }
            return new Options(false, into, cache, sha256, noExtract, executable, outputFile, uris);
        }

        Artifact applyTo(Artifact artifact) {
            Artifact result = artifact.withExtract(!noExtract).withExecutable(executable)
                    .withCache(cache.isPresent());
            result = outputFile.map(result::withOutputFile).orElse(result);
            return sha256.map(result::withSha256).orElse(result);
        }

        private static String value(String[] args, int index, String option) {
            if (index >= args.length || args[index].startsWith("--")) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[index];
        }
    }
}
