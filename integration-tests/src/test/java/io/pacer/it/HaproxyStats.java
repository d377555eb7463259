package io.pacer.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A backend's counters as HAProxy's runtime API reports them ({@code show stat} on discovery's admin socket), to tell
 * what the client may not see: a connection an endpoint refused and that HAProxy tried again elsewhere
 * ({@code wretr}, {@code wredis}: harmless, the request never reached it), and requests an endpoint cut off
 * ({@code srv_abrt}: it went away mid-request), answers HAProxy could not get ({@code eresp}) and 5xx it gave
 * ({@code hrsp_5xx}). A cut-off GET may reach the client as a closed connection, which the JDK client sends again
 * unseen: only these counters show it.
 */
record HaproxyStats(long retries, long redispatches, long connectionErrors, long responseErrors, long serverAborts, long http5xx) {

    /** The counters of the backend whose name starts with {@code backendPrefix}, from the admin socket under {@code pacerWorkDir}. */
    static HaproxyStats of(Path pacerWorkDir, String backendPrefix) throws IOException {
        Path socket;
        try (Stream<Path> files = Files.walk(pacerWorkDir)) {
            socket = files.filter(p -> p.getFileName().toString().equals("admin.sock")).findFirst()
                    .orElseThrow(() -> new IOException("no HAProxy admin.sock under " + pacerWorkDir));
        }
        List<String> lines = ask(socket, "show stat\n").lines().toList();
        String[] header = lines.get(0).replaceFirst("^# ", "").split(",", -1);
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",", -1);
            if (fields.length == header.length && fields[0].startsWith(backendPrefix) && fields[1].equals("BACKEND")) {
                Map<String, Long> row = new HashMap<>();
                for (int i = 0; i < header.length; i++) {
                    row.put(header[i], fields[i].isEmpty() || !fields[i].chars().allMatch(Character::isDigit) ? 0 : Long.parseLong(fields[i]));
                }
                return new HaproxyStats(row.get("wretr"), row.get("wredis"), row.get("econ"), row.get("eresp"), row.get("srv_abrt"),
                        row.get("hrsp_5xx"));
            }
        }
        throw new IOException("no backend " + backendPrefix + "* in HAProxy's stats:\n" + String.join("\n", lines));
    }

    private static String ask(Path socket, String command) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap(command.getBytes(StandardCharsets.US_ASCII)));
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(16384);
            while (channel.read(buffer) > 0) { // the runtime API closes the connection after one answer
                answer.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            return answer.toString(StandardCharsets.US_ASCII);
        }
    }

    /** Requests that reached an endpoint and got no whole answer from it (each also makes a 5xx, or a closed connection). */
    long lost() {
        return responseErrors + serverAborts;
    }

    @Override
    public String toString() {
        return "HAProxy retried " + retries + " connections (" + redispatches + " elsewhere), " + connectionErrors + " connection errors, "
                + responseErrors + " response errors, " + serverAborts + " requests cut off by the server, " + http5xx + " 5xx answers";
    }
}
