package io.pacer.executor.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.pacer.executor.spec.EndpointSecretField;
import io.pacer.executor.spec.TaskSpecParser;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.junit.jupiter.api.Test;

class EndpointSecretTest {
    private final EndpointSecret secret = new EndpointSecret();

    @Test
    void admitsNothingUntilASecretIsLearned() {
        assertThat(secret.admits(null)).isFalse();
        assertThat(secret.admits("Bearer ")).isFalse();
        secret.learn(Optional.empty());
        assertThat(secret.admits("Bearer ")).isFalse();
    }

    @Test
    void admitsExactlyTheBearerOfTheSecret() {
        secret.learn(Optional.of("abc"));
        assertThat(secret.admits("Bearer abc")).isTrue();
        assertThat(secret.admits(null)).isFalse();
        assertThat(secret.admits("abc")).isFalse();
        assertThat(secret.admits("Bearer ab")).isFalse();
        assertThat(secret.admits("Bearer abcd")).isFalse();
        assertThat(secret.admits("Bearer abC")).isFalse();
        assertThat(secret.admits("bearer abc")).isFalse();
    }

    @Test
    void theFirstSecretStaysWhateverLaterTasksBring() {
        secret.learn(Optional.of("first"));
        secret.learn(Optional.of("second"));
        secret.learn(Optional.empty());
        assertThat(secret.admits("Bearer first")).isTrue();
        assertThat(secret.admits("Bearer second")).isFalse();
    }

    @Test
    void theSecretIsReadFromTheSpecAndTheSpecItselfNeverHoldsIt() throws Exception {
        byte[] spec = "{\"cmd\": \"sleep 1\", \"endpointSecret\": \"xyz\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(EndpointSecretField.read(TaskInfo.newBuilder().setName("t").setData(ByteString.copyFrom(spec)).buildPartial()))
                .contains("xyz");
        assertThat(new TaskSpecParser().parse(spec).toString()).doesNotContain("xyz");
        assertThat(EndpointSecretField.read(task("{\"cmd\": \"sleep 1\"}"))).isEmpty();
        assertThat(EndpointSecretField.read(task("{\"endpointSecret\": 42}"))).isEmpty();
        assertThat(EndpointSecretField.read(task("{\"endpointSecret\": \"\"}"))).isEmpty();
        assertThat(EndpointSecretField.read(task("not json"))).isEmpty();
        assertThat(EndpointSecretField.read(task(""))).isEmpty();
    }

    private static TaskInfo task(String data) {
        return TaskInfo.newBuilder().setName("t").setData(ByteString.copyFromUtf8(data)).buildPartial();
    }
}
