package io.pacer.scheduler;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code java -jar pacer.jar}: Pacer's front door. Until the scheduler lands (issue 7) it answers
 * {@code --version} and {@code --help}, and says plainly that there is nothing to run yet.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(usage());
            return 0;
        }
        for (String arg : args) {
            if (!arg.equals("--version")) {
                err.println("pacer: unknown option '" + arg + "' (see --help)");
                return 2;
            }
        }
        out.println("Pacer " + version());
        return 0;
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v != null ? v : "(development build)";
    }

    private static String usage() {
        return """
                Usage: java -jar pacer.jar [--version] [--help]

                Pacer runs long-lived applications on Apache Mesos, with a Marathon-compatible REST API.

                  --version   print Pacer's version and exit
                  --help      print this help and exit

                The scheduler, its REST API and the embedded local cluster are not in this build yet.
                """;
    }
}
