package io.pacer.scheduler.launch;

import org.apache.mesos.v1.scheduler.Protos.Call;

/** Where the scheduler's calls go: the subscription to the master in production, a recorder in tests. */
@FunctionalInterface
public interface MesosCalls {
    void send(Call call);
}
