package io.pacer.localcluster.agent;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.pacer.localcluster.ClusterLoop;
import io.pacer.localcluster.http.EventStream;
import io.pacer.localcluster.http.HttpError;
import io.pacer.localcluster.http.HttpExchange;
import io.pacer.localcluster.http.HttpRoute;
import io.pacer.localcluster.http.CallDecoder;
import io.pacer.localcluster.http.MediaType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/executor} of one agent, checked in the order of src/slave/http.cpp {@code Http::executor}
 * and src/common/validation.cpp {@code validateExecutorCall}; with executor authentication, the token is checked
 * first (401) and its claims once the executor is found (403).
 */
public final class ExecutorEndpoint implements HttpRoute {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorEndpoint.class);

    private final Agent agent;
    private final ClusterLoop loop;

    public ExecutorEndpoint(Agent agent, ClusterLoop loop) {
        this.agent = agent;
        this.loop = loop;
    }

    @Override
    public void handle(HttpExchange exchange) {
        Optional<Map<String, String>> claims;
        try {
            claims = agent.executorTokens().isEmpty() ? Optional.empty()
                    : Optional.of(agent.executorTokens().get().authenticate(exchange.header("Authorization")));
        } catch (HttpError e) {
            exchange.reply(e);
            return;
        }
        loop.execute(() -> {
            try {
                dispatch(exchange, CallDecoder.decode(exchange, Call.getDefaultInstance(), "Call"), claims);
            } catch (HttpError e) {
                exchange.reply(e);
            } catch (IOException e) {
                LOG.error("Executor call failed", e);
                exchange.reply(HttpResponseStatus.INTERNAL_SERVER_ERROR, "Failed to checkpoint: " + e.getMessage());
            }
        });
    }

    private void dispatch(HttpExchange exchange, Call call, Optional<Map<String, String>> claims) throws HttpError, IOException {
        String invalid = validationError(call);
        if (invalid != null) {
            throw HttpError.badRequest("Failed to validate Executor::Call: " + invalid);
        }
        MediaType encoding = MediaType.PROTOBUF;
        if (call.getType() == Call.Type.SUBSCRIBE) {
            encoding = CallDecoder.eventEncoding(exchange);
        } else if (call.getType() == Call.Type.HEARTBEAT) {
            exchange.accepted(); // answered before any lookup, as Mesos does
            return;
        }
        if (!agent.knowsFramework(call.getFrameworkId())) {
            throw HttpError.badRequest("Framework cannot be found");
        }
        ExecutorRun run = agent.executorRun(call.getFrameworkId(), call.getExecutorId())
                .orElseThrow(() -> HttpError.badRequest("Executor cannot be found"));
        if (claims.isPresent()) {
            ExecutorTokens.authorize(claims.get(), call.getFrameworkId(), call.getExecutorId(), run.containerId);
        }
        if (run.state == ExecutorRun.State.REGISTERING && call.getType() != Call.Type.SUBSCRIBE) {
            throw HttpError.forbidden("Executor is not subscribed");
        }
        switch (call.getType()) {
            case SUBSCRIBE -> {
                EventStream stream = exchange.openStream(encoding, Map.of());
                agent.subscribe(run, stream, call.getSubscribe());
            }
            case UPDATE -> {
                agent.executorUpdate(run, call.getUpdate().getStatus());
                exchange.accepted();
            }
            case MESSAGE -> {
                agent.executorMessage(run, call.getMessage().getData());
                exchange.accepted();
            }
            default -> throw new HttpError(HttpResponseStatus.NOT_IMPLEMENTED, "");
        }
    }

    /** src/common/validation.cpp {@code validateExecutorCall}, with its messages. */
    private static String validationError(Call call) {
        if (!call.hasType()) {
            return "Expecting 'type' to be present";
        }
        if (!call.hasExecutorId()) {
            return "Expecting 'executor_id' to be present";
        }
        if (!call.hasFrameworkId()) {
            return "Expecting 'framework_id' to be present";
        }
        switch (call.getType()) {
            case SUBSCRIBE:
                return call.hasSubscribe() ? null : "Expecting 'subscribe' to be present";
            case UPDATE:
                return call.hasUpdate() ? updateError(call) : "Expecting 'update' to be present";
            case MESSAGE:
                return call.hasMessage() ? null : "Expecting 'message' to be present";
            default:
                return null;
        }
    }

    private static String updateError(Call call) {
        TaskStatus status = call.getUpdate().getStatus();
        if (!status.hasUuid()) {
            return "Expecting 'uuid' to be present";
        }
        if (!isUuid(status.getUuid().toByteArray())) {
            return "Not a valid UUID";
        }
        if (status.hasExecutorId() && !status.getExecutorId().getValue().equals(call.getExecutorId().getValue())) {
            return "ExecutorID in Call: " + call.getExecutorId().getValue()
                    + " does not match ExecutorID in TaskStatus: " + status.getExecutorId().getValue();
        }
        if (status.getSource() != TaskStatus.Source.SOURCE_EXECUTOR) {
            return "Received Call from executor " + call.getExecutorId().getValue() + " of framework "
                    + call.getFrameworkId().getValue() + " with invalid source, expecting 'SOURCE_EXECUTOR'";
        }
        if (status.getState() == TaskState.TASK_STAGING) {
            return "Received TASK_STAGING from executor " + call.getExecutorId().getValue() + " of framework "
                    + call.getFrameworkId().getValue() + " which is not allowed";
        }
        return null;
    }

    /** 16 bytes with a known RFC-4122 version, as stout's {@code UUID::fromBytes} requires. */
    private static boolean isUuid(byte[] bytes) {
        if (bytes.length != 16) {
            return false;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int version = new UUID(b.getLong(), b.getLong()).version();
        return version >= 1 && version <= 5;
    }
}
