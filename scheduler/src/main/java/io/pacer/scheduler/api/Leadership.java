package io.pacer.scheduler.api;

import java.util.Optional;

/** Who leads the Pacers that share one state, as the API tells it (/v2/leader, /v2/info, the standbys' proxy). */
public interface Leadership {
    /** The leader's {@code host:port}; empty while none is elected. */
    Optional<String> leader();

    /** Whether this Pacer leads. */
    boolean leads();

    /** Whether this Pacer could hand leadership to another one: only when elected among several (--zk). */
    boolean canAbdicate();

    /** Gives leadership up, soon after the call returns. */
    void abdicate();

    /** A Pacer without ZooKeeper: always its own leader, with nobody to hand over to. */
    static Leadership sole(String hostPort) {
        return new Leadership() {
            @Override
            public Optional<String> leader() {
                return Optional.of(hostPort);
            }

            @Override
            public boolean leads() {
                return true;
            }

            @Override
            public boolean canAbdicate() {
                return false;
            }

            @Override
            public void abdicate() {
                throw new IllegalStateException("a Pacer without --zk cannot abdicate");
            }
        };
    }
}
