package io.pacer.localcluster.agent;

import java.io.IOException;
import java.util.List;
import org.apache.mesos.v1.Protos.CommandInfo;

/**
 * Brings an executor's {@code CommandInfo.uris} into its sandbox before the executor starts (docs/fetcher.md).
 * The {@code staging} module's fetcher (http, archives, cache) is to be plugged in here.
 */
@FunctionalInterface
public interface ExecutorFetcher {
    void fetch(List<CommandInfo.URI> uris, Sandbox sandbox) throws IOException;
}
