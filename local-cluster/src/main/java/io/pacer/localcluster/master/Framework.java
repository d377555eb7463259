package io.pacer.localcluster.master;

import io.pacer.localcluster.ClusterLoop;
import io.pacer.localcluster.http.EventStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.scheduler.Protos.Event;

/** A framework known to the master: its info, its current subscription (if any), its tasks and offers. */
final class Framework {
    final FrameworkID id;
    FrameworkInfo info;
    EventStream stream;
    String streamId;
    ClusterLoop.Timer failoverTimer;
    boolean suppressed;
    final Map<TaskID, MasterTask> tasks = new LinkedHashMap<>();
    final Map<OfferID, Offer> offers = new LinkedHashMap<>();

    Framework(FrameworkID id, FrameworkInfo info) {
        this.id = id;
        this.info = info;
    }

    boolean connected() {
        return stream != null;
    }

    void send(Event event) {
        if (stream != null) {
            stream.send(event);
        }
    }

    /** The one role this framework is offered resources for; the local cluster does not split frameworks across roles. */
    @SuppressWarnings("deprecation") // FrameworkInfo.role: still how a non-MULTI_ROLE framework names its role
    String role() {
        if (info.getRolesCount() > 0) {
            return info.getRoles(0);
        }
        return info.hasRole() ? info.getRole() : "*";
    }

    boolean hasCapability(FrameworkInfo.Capability.Type type) {
        return info.getCapabilitiesList().stream().anyMatch(c -> c.getType() == type);
    }

    boolean partitionAware() {
        return hasCapability(FrameworkInfo.Capability.Type.PARTITION_AWARE);
    }

    @Override
    public String toString() {
        return id.getValue() + " (" + info.getName() + ")";
    }
}
