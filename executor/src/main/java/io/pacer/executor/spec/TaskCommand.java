package io.pacer.executor.spec;

import java.util.List;

/** What to run: a shell command line ({@code sh -c}) or an argument vector executed as is. */
public sealed interface TaskCommand {
    /** The argv the process is started with. */
    List<String> argv();

    record Shell(String commandLine) implements TaskCommand {
        @Override
        public List<String> argv() {
            return List.of("/bin/sh", "-c", commandLine);
        }
    }

    record Args(List<String> args) implements TaskCommand {
        public Args {
            args = List.copyOf(args);
        }

        @Override
        public List<String> argv() {
            return args;
        }
    }
}
