package io.pacer.scheduler.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.pacer.scheduler.time.Timestamps;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Writes an {@link AppDefinition} as Marathon answers it (docs/docs/rest-api/public/api/v2/examples/app.json):
 * every field with its value or default, so that the answer can be PUT back unchanged.
 */
public final class AppJsonWriter {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private AppJsonWriter() {
    }

    public static ObjectNode write(AppDefinition app) {
        ObjectNode o = JSON.objectNode();
        o.put("id", app.id().path());
        app.cmd().ifPresentOrElse(c -> o.put("cmd", c), () -> o.putNull("cmd"));
        if (!app.args().isEmpty()) {
            ArrayNode args = o.putArray("args");
            app.args().forEach(args::add);
        }
        o.put("cpus", app.cpus());
        o.put("mem", app.mem());
        o.put("disk", app.disk());
        o.put("gpus", 0);
        o.put("instances", app.instances());
        o.put("executor", "");
        o.set("env", stringMap(app.env()));
        o.set("labels", stringMap(app.labels()));
        ArrayNode fetch = o.putArray("fetch");
        app.fetch().forEach(f -> {
            ObjectNode n = fetch.addObject().put("uri", f.uri()).put("extract", f.extract())
                    .put("executable", f.executable()).put("cache", f.cache());
            f.destPath().ifPresent(d -> n.put("destPath", d));
            f.sha256().ifPresent(s -> n.put("sha256", s));
        });
        app.container().ifPresentOrElse(c -> o.set("container", container(c)), () -> o.putNull("container"));
        ArrayNode ports = o.putArray("portDefinitions");
        app.portDefinitions().forEach(p -> {
            ObjectNode n = ports.addObject().put("port", p.port()).put("protocol", p.protocol());
            p.name().ifPresent(name -> n.put("name", name));
            n.set("labels", stringMap(p.labels()));
        });
        o.put("requirePorts", app.requirePorts());
        ArrayNode checks = o.putArray("healthChecks");
        app.healthChecks().forEach(h -> checks.add(healthCheck(h)));
        ArrayNode readiness = o.putArray("readinessChecks");
        app.readinessChecks().forEach(r -> readiness.add(readinessCheck(r)));
        o.put("backoffSeconds", app.backoffSeconds());
        o.put("backoffFactor", app.backoffFactor());
        o.put("maxLaunchDelaySeconds", app.maxLaunchDelaySeconds());
        ArrayNode constraints = o.putArray("constraints");
        app.constraints().forEach(c -> {
            ArrayNode n = constraints.addArray().add(c.field()).add(c.operator().name());
            c.value().ifPresent(n::add);
        });
        o.put("killSelection", app.killSelection().name());
        app.taskKillGracePeriodSeconds().ifPresent(g -> o.put("taskKillGracePeriodSeconds", g));
        app.user().ifPresent(u -> o.put("user", u));
        o.putObject("upgradeStrategy").put("minimumHealthCapacity", app.upgradeStrategy().minimumHealthCapacity())
                .put("maximumOverCapacity", app.upgradeStrategy().maximumOverCapacity());
        // always written, as Marathon does (raml/AppConversion.scala)
        ArrayNode dependencies = o.putArray("dependencies");
        app.dependencies().stream().map(AppId::path).sorted().forEach(dependencies::add);
        o.put("version", Timestamps.format(app.version()));
        o.putObject("versionInfo").put("lastScalingAt", Timestamps.format(app.versionInfo().lastScalingAt()))
                .put("lastConfigChangeAt", Timestamps.format(app.versionInfo().lastConfigChangeAt()));
        return o;
    }

    private static ObjectNode healthCheck(HealthCheckSpec h) {
        ObjectNode n = JSON.objectNode().put("protocol", h.protocol().name());
        if (h.protocol().isHttp()) {
            n.put("path", h.path()).put("ignoreHttp1xx", h.ignoreHttp1xx());
        }
        h.portIndex().ifPresent(i -> n.put("portIndex", i));
        h.port().ifPresent(p -> n.put("port", p));
        h.command().ifPresent(c -> n.putObject("command").put("value", c));
        return n.put("gracePeriodSeconds", h.gracePeriodSeconds())
                .put("intervalSeconds", h.intervalSeconds())
                .put("timeoutSeconds", h.timeoutSeconds())
                .put("maxConsecutiveFailures", h.maxConsecutiveFailures())
                .put("delaySeconds", h.delaySeconds());
    }

    /** Every field, defaults included, as Marathon answers it (raml/ReadinessConversions.scala readinessCheckWrites). */
    private static ObjectNode readinessCheck(ReadinessCheckSpec r) {
        ObjectNode n = JSON.objectNode().put("name", r.name()).put("protocol", r.protocol().name()).put("path", r.path())
                .put("portName", r.portName()).put("intervalSeconds", r.intervalSeconds())
                .put("timeoutSeconds", r.timeoutSeconds());
        ArrayNode codes = n.putArray("httpStatusCodesForReady");
        r.httpStatusCodesForReady().forEach(codes::add);
        return n.put("preserveLastResponse", r.preserveLastResponse());
    }

    private static ObjectNode container(ContainerSpec c) {
        ObjectNode n = JSON.objectNode().put("type", "DOCKER");
        ContainerSpec.Docker d = c.docker();
        ObjectNode docker = n.putObject("docker").put("image", d.image()).put("forcePullImage", d.forcePullImage())
                .put("network", d.network().name()).put("privileged", d.privileged());
        ArrayNode mappings = docker.putArray("portMappings");
        d.portMappings().forEach(m -> {
            ObjectNode pm = mappings.addObject().put("containerPort", m.containerPort()).put("hostPort", m.hostPort())
                    .put("protocol", m.protocol());
            m.name().ifPresent(name -> pm.put("name", name));
        });
        ArrayNode parameters = docker.putArray("parameters");
        d.parameters().forEach(p -> parameters.addObject().put("key", p.key()).put("value", p.value()));
        ArrayNode volumes = n.putArray("volumes");
        c.volumes().forEach(v -> volumes.addObject().put("containerPath", v.containerPath())
                .put("hostPath", v.hostPath()).put("mode", v.mode()));
        return n;
    }

    private static ObjectNode stringMap(Map<String, String> map) {
        ObjectNode n = JSON.objectNode();
        new java.util.TreeMap<>(map).forEach(n::put);
        return n;
    }
}
