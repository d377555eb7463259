package io.pacer.discovery.file;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pacer.discovery.view.AppEndpoints;
import io.pacer.discovery.view.EndpointView;
import io.pacer.discovery.view.ViewJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Writes the view as JSON for apps that read their peers from the file system: {@code endpoints.json} with every app,
 * and with {@code perApp} one {@code apps/<app id with _>.json} each. Every file is written to a temporary file in the
 * same folder and renamed over the old one, so a reader sees the old file or the new one, never half of one; a file
 * is only written when its content changed. While the watcher has lost Pacer the files say since when.
 */
public final class EndpointsFileOutput implements Consumer<EndpointView> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;
    private final boolean perApp;

    public EndpointsFileOutput(Path dir, boolean perApp) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.perApp = perApp;
        if (perApp) {
            Files.createDirectories(dir.resolve("apps"));
        }
    }

    public Path allAppsFile() {
        return dir.resolve("endpoints.json");
    }

    @Override
    public void accept(EndpointView view) {
        try {
            ObjectNode all = ViewJson.status(view);
            ObjectNode apps = all.putObject("apps");
            view.apps().values().forEach(app -> apps.set(app.appId(), ViewJson.app(app)));
            write(allAppsFile(), all);
            if (perApp) {
                writePerApp(view);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the endpoints files in " + dir, e);
        }
    }

    private void writePerApp(EndpointView view) throws IOException {
        Set<Path> wanted = new HashSet<>();
        for (AppEndpoints app : view.apps().values()) {
            Path file = dir.resolve("apps").resolve(String.join("_", app.segments()) + ".json");
            wanted.add(file);
            ObjectNode one = ViewJson.status(view);
            one.set("app", ViewJson.app(app));
            write(file, one);
        }
        try (Stream<Path> files = Files.list(dir.resolve("apps"))) {
            for (Path old : files.filter(f -> f.toString().endsWith(".json") && !wanted.contains(f)).toList()) {
                Files.deleteIfExists(old);
            }
        }
    }

    private static void write(Path file, ObjectNode content) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(content);
        if (Files.exists(file) && java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
            return;
        }
        Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        try {
            Files.write(temp, bytes);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
