package io.pacer.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecordIoDecoderTest {
    private final List<String> records = new ArrayList<>();
    private final RecordIoDecoder decoder = new RecordIoDecoder(1024);

    @Test
    void decodesTheExampleStreamOfTheMesosDocs() throws Exception {
        feed("128\n" + "x".repeat(128) + "20\n{\"type\":\"HEARTBEAT\"}");
        assertThat(records).containsExactly("x".repeat(128), "{\"type\":\"HEARTBEAT\"}");
        assertThat(decoder.isAtRecordBoundary()).isTrue();
    }

    @Test
    void recordsSplitByteByByteComeOutWhole() throws Exception {
        byte[] stream = framed("first", "", "second record", "{\"type\":\"SUBSCRIBED\"}");
        for (byte b : stream) {
            decoder.decode(ByteBuffer.wrap(new byte[] {b}), r -> records.add(new String(r, StandardCharsets.UTF_8)));
        }
        assertThat(records).containsExactly("first", "", "second record", "{\"type\":\"SUBSCRIBED\"}");
    }

    @Test
    void recordsSplitAtRandomChunkBoundariesComeOutWholeAndInOrder() throws Exception {
        Random random = new Random(42);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            sent.add("record-" + i + "-" + "y".repeat(random.nextInt(300)));
        }
        byte[] stream = framed(sent.toArray(String[]::new));
        int at = 0;
        while (at < stream.length) {
            int n = Math.min(stream.length - at, 1 + random.nextInt(700));
            decoder.decode(ByteBuffer.wrap(stream, at, n), r -> records.add(new String(r, StandardCharsets.UTF_8)));
            at += n;
        }
        assertThat(records).isEqualTo(sent);
    }

    @Test
    void aPartialRecordIsNotABoundary() throws Exception {
        feed("10\nabc");
        assertThat(records).isEmpty();
        assertThat(decoder.isAtRecordBoundary()).isFalse();
        feed("defghij");
        assertThat(records).containsExactly("abcdefghij");
    }

    @Test
    void aLengthThatIsNotANumberIsRejected() {
        assertThatThrownBy(() -> feed("12a\n"))
                .isInstanceOf(RecordIoException.class)
                .hasMessage("malformed RecordIO record length '12a': expected decimal digits then a line feed");
    }

    @Test
    void anEmptyLengthIsRejectedAsMesosDoes() {
        assertThatThrownBy(() -> feed("\n5\nhello"))
                .isInstanceOf(RecordIoException.class)
                .hasMessageContaining("malformed RecordIO record length ''");
    }

    @Test
    void aRecordOverTheLimitIsRejectedBeforeItsBytesArrive() {
        assertThatThrownBy(() -> feed("1025\n"))
                .isInstanceOf(RecordIoException.class)
                .hasMessage("RecordIO record of 1025 bytes exceeds the limit of 1024 bytes");
    }

    @Test
    void anAbsurdlyLongLengthIsRejectedWithoutOverflow() {
        assertThatThrownBy(() -> feed("99999999999999999999999\n"))
                .isInstanceOf(RecordIoException.class)
                .hasMessageStartingWith("malformed RecordIO record length '9999999999999999999");
    }

    @Test
    void encoderAndDecoderRoundTripBinaryRecords() throws Exception {
        byte[] binary = new byte[300];
        new Random(7).nextBytes(binary);
        List<byte[]> out = new ArrayList<>();
        decoder.decode(ByteBuffer.wrap(RecordIoEncoder.encode(binary)), out::add);
        assertThat(out).hasSize(1);
        assertThat(out.get(0)).isEqualTo(binary);
        assertThat(new String(RecordIoEncoder.encode("hi".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8)).isEqualTo("2\nhi");
    }

    private void feed(String text) throws RecordIoException {
        decoder.decode(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), r -> records.add(new String(r, StandardCharsets.UTF_8)));
    }

    private static byte[] framed(String... recordTexts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String r : recordTexts) {
            out.writeBytes(RecordIoEncoder.encode(r.getBytes(StandardCharsets.UTF_8)));
        }
        return out.toByteArray();
    }
}
