package io.pacer.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22's zero-downtime figure as a test: a rolling upgrade of a 10-instance app behind the discovery module's
 * HAProxy under a continuous HTTP load loses no request ({@link RollingUpgradeUnderLoad}; docs/benchmarks.md has
 * the measured figure, from ZeroDowntimeBenchmark).
 */
class ZeroDowntimeIT {
    @TempDir
    Path dir;

    @Test
    void aRollingUpgradeOfTenInstancesBehindHaproxyFailsNoRequest() throws Exception {
        RollingUpgradeUnderLoad.Result result = RollingUpgradeUnderLoad.run(dir, "ZeroDowntimeIT");
        System.out.println("ZeroDowntimeIT: " + result.summary());

        assertThat(result.failures()).as("failed requests of " + result.requests()).isEmpty();
        // a GET cut off by its server may reach the JDK client as a closed connection, which it sends again unseen:
        // HAProxy's own counters tell
        assertThat(result.haproxy().lost()).as("requests lost on HAProxy's side: " + result.haproxy()).isZero();
        assertThat(result.haproxy().http5xx()).as("5xx from HAProxy: " + result.haproxy()).isZero();
        assertThat(result.requests()).as("the load ran").isGreaterThan(1000);
        assertThat(result.answers()).as("the load met both versions").containsKeys("v1", "v2");
        assertThat(result.minHealthy()).as("the default strategy keeps every instance healthy").isGreaterThanOrEqualTo(RollingUpgradeUnderLoad.INSTANCES);
        assertThat(result.maxRunning()).as("and at most twice as many running").isLessThanOrEqualTo(2 * RollingUpgradeUnderLoad.INSTANCES);
        assertThat(LeftoverProcesses.under(dir)).isEmpty();
    }
}
