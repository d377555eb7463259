package io.pacer.executor.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Removes, running or not, every container labelled with this executor's id (and its framework's). */
final class OrphanContainers {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanContainers.class);

    private OrphanContainers() {
    }

    static int remove(DockerClient client, ContainerOwner owner) {
        List<Container> containers = client.listContainersCmd().withShowAll(true).withLabelFilter(owner.filter()).exec();
        for (Container c : containers) {
            LOG.info("Removing container {} ({}) of executor {}, task {}, left in state {}", String.join(",", c.getNames()),
                    c.getId().substring(0, 12), owner.executorId(), c.getLabels().get(ContainerOwner.TASK_LABEL), c.getState());
            try {
                client.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
            } catch (NotFoundException e) {
                // gone meanwhile
            }
        }
        return containers.size();
    }
}
