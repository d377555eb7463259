package io.pacer.localcluster.master;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.pacer.localcluster.ClusterLoop;
import io.pacer.localcluster.http.CallDecoder;
import io.pacer.localcluster.http.EventStream;
import io.pacer.localcluster.http.HttpError;
import io.pacer.localcluster.http.HttpExchange;
import io.pacer.localcluster.http.HttpRoute;
import io.pacer.localcluster.http.MediaType;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.scheduler.Protos.Call;

/**
 * {@code POST /api/v1/scheduler}: checks a call in the order Mesos's master does (src/master/http.cpp
 * {@code Master::Http::scheduler}, src/master/validation.cpp {@code scheduler::call::validate}) and hands it to
 * the {@link Master}: authentication (when frameworks must authenticate), content type, body, call validation, then
 * the framework lookup before the stream id.
 */
public final class SchedulerEndpoint implements HttpRoute {
    private static final String STREAM_ID = "Mesos-Stream-Id";

    private final Master master;
    private final ClusterLoop loop;
    private final Optional<FrameworkCredentials> credentials;

    /** With {@code credentials}, every request must authenticate first, as libprocess does before the handler runs. */
    public SchedulerEndpoint(Master master, ClusterLoop loop, Optional<FrameworkCredentials> credentials) {
        this.master = master;
        this.loop = loop;
        this.credentials = credentials;
    }

    @Override
    public void handle(HttpExchange exchange) {
        Optional<String> principal = credentials.flatMap(c -> c.authenticate(exchange.header("Authorization")));
        if (credentials.isPresent() && principal.isEmpty()) {
            exchange.reply(HttpError.unauthorized("Basic realm=\"" + FrameworkCredentials.REALM + "\""));
            return;
        }
        loop.execute(() -> {
            try {
                dispatch(exchange, CallDecoder.decode(exchange, Call.getDefaultInstance(), "Call"), principal);
            } catch (HttpError e) {
                exchange.reply(e);
            }
        });
    }

    private void dispatch(HttpExchange exchange, Call call, Optional<String> principal) throws HttpError {
        validate(call, principal);
        if (call.getType() == Call.Type.SUBSCRIBE) {
            MediaType encoding = CallDecoder.eventEncoding(exchange);
            if (exchange.header(STREAM_ID).isPresent()) {
                throw HttpError.badRequest("Subscribe calls should not include the 'Mesos-Stream-Id' header");
            }
            String streamId = UUID.randomUUID().toString();
            EventStream stream = exchange.openStream(encoding, Map.of(STREAM_ID, streamId));
            master.subscribe(stream, streamId, call.getSubscribe());
            return;
        }
        Framework framework = master.framework(call.getFrameworkId())
                .orElseThrow(() -> HttpError.badRequest("Framework cannot be found"));
        if (!framework.connected()) {
            throw HttpError.forbidden("Framework is not subscribed");
        }
        String streamId = exchange.header(STREAM_ID).orElseThrow(() ->
                HttpError.badRequest("All non-subscribe calls should include the 'Mesos-Stream-Id' header"));
        if (!streamId.equals(framework.streamId)) {
            throw HttpError.badRequest("The stream ID '" + streamId + "' included in this request didn't match the stream ID"
                    + " currently associated with framework ID " + framework.id.getValue());
        }
        switch (call.getType()) {
            case TEARDOWN -> master.teardown(framework);
            case ACCEPT -> master.accept(framework, call.getAccept());
            case DECLINE -> master.offers().decline(framework, call.getDecline());
            case REVIVE -> master.offers().revive(framework, call.getRevive().getRolesList());
            case SUPPRESS -> master.offers().suppress(framework, call.getSuppress().getRolesList());
            case KILL -> master.kill(framework, call.getKill());
            case SHUTDOWN -> master.shutdown(framework, call.getShutdown());
            case ACKNOWLEDGE -> master.acknowledge(framework, call.getAcknowledge());
            case RECONCILE -> master.reconcile(framework, call.getReconcile());
            case MESSAGE -> master.message(framework, call.getMessage());
            case UPDATE_FRAMEWORK -> {
                // Synchronous, answered 200 (src/master/master.cpp updateFramework).
                String invalid = master.updateFramework(framework, call.getUpdateFramework()).orElse(null);
                if (invalid != null) {
                    throw HttpError.badRequest("FrameworkInfo update is not valid: " + invalid);
                }
                exchange.reply(HttpResponseStatus.OK, "");
                return;
            }
            case REQUEST, ACCEPT_INVERSE_OFFERS, DECLINE_INVERSE_OFFERS, RECONCILE_OPERATIONS, ACKNOWLEDGE_OPERATION_STATUS -> {
                // Accepted and ignored: no inverse offers or operation feedback here, as with Mesos's default allocator for REQUEST.
            }
            default -> throw new HttpError(HttpResponseStatus.NOT_IMPLEMENTED,
                    "The local cluster does not implement " + call.getType() + " calls");
        }
        exchange.accepted();
    }

    /** src/master/validation.cpp {@code scheduler::call::validate}; failures are 400 "Failed to validate scheduler::Call: ...". */
    private static void validate(Call call, Optional<String> principal) throws HttpError {
        String error = validationError(call, principal);
        if (error != null) {
            throw HttpError.badRequest("Failed to validate scheduler::Call: " + error);
        }
    }

    private static String validationError(Call call, Optional<String> principal) {
        if (!call.hasType()) {
            return "Expecting 'type' to be present";
        }
        if (call.getType() == Call.Type.SUBSCRIBE) {
            if (!call.hasSubscribe()) {
                return "Expecting 'subscribe' to be present";
            }
            FrameworkInfo info = call.getSubscribe().getFrameworkInfo();
            if (!info.getId().equals(call.getFrameworkId())) {
                return "'framework_id' differs from 'subscribe.framework_info.id'";
            }
            if (principal.isPresent() && info.hasPrincipal() && !principal.get().equals(info.getPrincipal())) {
                return "Authenticated principal '" + principal.get() + "' does not match principal '" + info.getPrincipal()
                        + "' set in `FrameworkInfo`";
            }
            return null;
        }
        if (!call.hasFrameworkId()) {
            return "Expecting 'framework_id' to be present";
        }
        return switch (call.getType()) {
            case ACCEPT -> call.hasAccept() ? null : "Expecting 'accept' to be present";
            case DECLINE -> call.hasDecline() ? null : "Expecting 'decline' to be present";
            case KILL -> call.hasKill() ? null : "Expecting 'kill' to be present";
            case SHUTDOWN -> call.hasShutdown() ? null : "Expecting 'shutdown' to be present";
            case ACKNOWLEDGE -> call.hasAcknowledge() ? null : "Expecting 'acknowledge' to be present";
            case RECONCILE -> call.hasReconcile() ? null : "Expecting 'reconcile' to be present";
            case MESSAGE -> call.hasMessage() ? null : "Expecting 'message' to be present";
            case UPDATE_FRAMEWORK -> !call.hasUpdateFramework() ? "Expecting 'update_framework' to be present"
                    : !call.getFrameworkId().equals(call.getUpdateFramework().getFrameworkInfo().getId())
                    ? "'framework_id' differs from 'update_framework.framework_info.id'" : null;
            default -> null;
        };
    }
}
