package io.pacer.localcluster.agent;

import com.google.gson.stream.JsonWriter;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.pacer.cgroups.ResourceUsage;
import io.pacer.localcluster.ClusterLoop;
import io.pacer.localcluster.http.HttpExchange;
import io.pacer.localcluster.http.HttpRoute;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * {@code GET /monitor/statistics} of one agent, in the shape of Mesos's {@code Http::_statistics} (src/slave/http.cpp):
 * an array with, per executor, {@code framework_id}, {@code executor_id}, {@code executor_name}, {@code source} and
 * {@code statistics}, a ResourceStatistics with Mesos's field names; limits are the container's resources, as the
 * containerizer's {@code usage} sets them. Numbers are JSON numbers, as Mesos's JSON::protobuf writes them.
 */
public final class StatisticsEndpoint implements HttpRoute {
    private final Agent agent;
    private final ClusterLoop loop;

    public StatisticsEndpoint(Agent agent, ClusterLoop loop) {
        this.agent = agent;
        this.loop = loop;
    }

    @Override
    public void handle(HttpExchange exchange) {
        if (!exchange.method().equals(HttpMethod.GET)) {
            exchange.reply(HttpResponseStatus.METHOD_NOT_ALLOWED, "Expecting 'GET', received '" + exchange.method() + "'");
            return;
        }
        loop.execute(() -> exchange.replyJson(json(agent.usage(), System.currentTimeMillis() / 1000.0)));
    }

    static String json(List<ExecutorUsage> executors, double timestamp) {
        StringWriter out = new StringWriter();
        try (JsonWriter json = new JsonWriter(out)) {
            json.beginArray();
            for (ExecutorUsage executor : executors) {
                json.beginObject();
                json.name("framework_id").value(executor.frameworkId().getValue());
                json.name("executor_id").value(executor.executor().getExecutorId().getValue());
                json.name("executor_name").value(executor.executor().getName());
                json.name("source").value(executor.executor().getSource());
                json.name("statistics");
                statistics(json, executor, timestamp);
                json.endObject();
            }
            json.endArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void statistics(JsonWriter json, ExecutorUsage executor, double timestamp) throws IOException {
        ResourceUsage usage = executor.usage();
        json.beginObject();
        json.name("timestamp").value(timestamp);
        json.name("cpus_limit").value(executor.limits().scalar("cpus"));
        json.name("cpus_user_time_secs").value(usage.cpusUserTimeSecs());
        json.name("cpus_system_time_secs").value(usage.cpusSystemTimeSecs());
        if (usage.throttling().isPresent()) {
            ResourceUsage.CpuThrottling throttling = usage.throttling().get();
            json.name("cpus_nr_periods").value(throttling.nrPeriods());
            json.name("cpus_nr_throttled").value(throttling.nrThrottled());
            json.name("cpus_throttled_time_secs").value(throttling.throttledTimeSecs());
        }
        json.name("mem_limit_bytes").value((long) (executor.limits().scalar("mem") * (1 << 20)));
        json.name("mem_rss_bytes").value(usage.memRssBytes());
        if (usage.memTotalBytes().isPresent()) {
            json.name("mem_total_bytes").value(usage.memTotalBytes().getAsLong());
        }
        json.endObject();
    }
}
