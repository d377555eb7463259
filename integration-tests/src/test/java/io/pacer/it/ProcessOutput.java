package io.pacer.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child process's output copied line by line to a log file as it comes, by a thread of its own, and the first
 * group of the first line that matches an announcement (the address a server says it is ready at).
 */
final class ProcessOutput {
    private final Thread copier;
    private final CompletableFuture<String> announced = new CompletableFuture<>();

    private ProcessOutput(Process process, Path log, Pattern announcement) {
        this.copier = new Thread(() -> copy(process, log, announcement), "output-of-" + process.pid());
        copier.setDaemon(true);
    }

    static ProcessOutput follow(Process process, Path log, Pattern announcement) {
        ProcessOutput output = new ProcessOutput(process, log, announcement);
        output.copier.start();
        return output;
    }

    /** Completes with the announcement's first group; exceptionally if the output ends first. */
    CompletableFuture<String> announced() {
        return announced;
    }

    /** Waits until every line the process wrote is in the log (once it has ended). */
    void awaitEnd(long millis) throws InterruptedException {
        copier.join(millis);
    }

    private void copy(Process process, Path log, Pattern announcement) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                Matcher m = announcement.matcher(line);
                if (m.find()) {
                    announced.complete(m.group(1));
                }
            }
        } catch (IOException e) {
            announced.completeExceptionally(e);
        }
        announced.completeExceptionally(new IOException("the process's output ended before its announcement " + announcement));
    }
}
