package dev.parley.app;

import dev.parley.server.CheckResult;
import dev.parley.server.Health;

/**
 * The readiness checks {@code parley serve} adds to the server's own: {@code database} when the application
 * has one (the chat: a connection from its pool, validated by the driver) and {@code redis} when the node is
 * in a cluster (a PING while the subscribed connection is up). {@code /healthz} and {@code /readyz} are then
 * mounted on the main port.
 */
final class HealthChecks {
    private HealthChecks() {
    }

    static Health register(Health health, Runnable databaseProbe, ClusterMembership cluster) {
        if (databaseProbe != null) {
            health.addCheck("database", () -> {
                databaseProbe.run(); // throws with the driver's reason when the database does not answer
                return CheckResult.ok();
            });
        }
        if (cluster.clustered()) {
            health.addCheck("redis", cluster::probe);
        }
        return health;
    }
}
