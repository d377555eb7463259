package io.pacer.localcluster.agent;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * The durable record of one task's status updates and their acknowledgements, like Mesos's {@code task.updates}
 * checkpoint (src/slave/task_status_update_manager.cpp): appended and fsynced before the executor hears
 * ACKNOWLEDGED. Each record is a tag byte ('U' update, 'A' acknowledgement) and a length-delimited payload;
 * a torn last record (a crash mid-write) is ignored on replay.
 */
final class TaskUpdateLog {
    private static final byte UPDATE = 'U';
    private static final byte ACK = 'A';

    /** What a log holds: every update in order, and the uuids acknowledged. */
    record Replay(List<TaskStatus> updates, Set<ByteString> acknowledged) {
    }

    private final Path file;

    TaskUpdateLog(Path file) {
        this.file = file;
    }

    void appendUpdate(TaskStatus status) throws IOException {
        append(UPDATE, status.toByteArray());
    }

    void appendAck(ByteString uuid) throws IOException {
        append(ACK, uuid.toByteArray());
    }

    private void append(byte tag, byte[] payload) throws IOException {
        Files.createDirectories(file.getParent());
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(tag);
        record.write(ByteBuffer.allocate(4).putInt(payload.length).array());
        record.write(payload);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap(record.toByteArray()));
            channel.force(true);
        }
    }

    static Replay read(Path file) throws IOException {
        List<TaskStatus> updates = new ArrayList<>();
        Set<ByteString> acknowledged = new HashSet<>();
        if (!Files.exists(file)) {
            return new Replay(updates, acknowledged);
        }
        try (InputStream in = Files.newInputStream(file); DataInputStream data = new DataInputStream(in)) {
            while (true) {
                int tag = data.read();
                if (tag < 0) {
                    break;
                }
                byte[] payload = new byte[data.readInt()];
                data.readFully(payload);
                if (tag == UPDATE) {
                    updates.add(TaskStatus.parseFrom(payload));
                } else if (tag == ACK) {
                    acknowledged.add(ByteString.copyFrom(payload));
                } else {
                    throw new IOException("corrupt status update log " + file + ": unknown record tag " + tag);
                }
            }
        } catch (EOFException torn) {
            // The agent died while appending: the last record never counted (it was never acknowledged either).
        }
        return new Replay(updates, acknowledged);
    }
}
