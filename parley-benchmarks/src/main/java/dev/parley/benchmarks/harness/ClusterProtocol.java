package dev.parley.benchmarks.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * S11's adapter protocol, the same on both sides of the comparison: Parley's {@code parley serve --adapter}
 * (and {@code --subscription-mode} for sharded), the Node peer's official adapter of that protocol (env
 * {@code REDIS_ADAPTER}, {@code REDIS_SUBSCRIPTION_MODE}).
 *
 * @param adapter {@code classic}, {@code sharded} or {@code streams}
 * @param subscriptionMode with {@code sharded} only: {@code static}, {@code dynamic} or {@code dynamic-private}
 */
record ClusterProtocol(String adapter, String subscriptionMode) {
    private static final List<String> ADAPTERS = List.of("classic", "sharded", "streams");
    private static final List<String> MODES = List.of("static", "dynamic", "dynamic-private");

    ClusterProtocol {
        if (!ADAPTERS.contains(adapter)) {
            throw new IllegalArgumentException("--cluster-adapter must be one of " + ADAPTERS + ", not " + adapter);
        }
        if (adapter.equals("sharded")) {
            if (!MODES.contains(subscriptionMode)) {
                throw new IllegalArgumentException(
                        "--cluster-subscription-mode must be one of " + MODES + ", not " + subscriptionMode);
            }
        } else {
            // A mode given for another protocol would be silently ignored by Parley and Node alike: drop it here
            // so the report does not claim one.
            subscriptionMode = null;
        }
    }

    /** From the command line's options, case-insensitive. */
    static ClusterProtocol of(String adapter, String subscriptionMode) {
        return new ClusterProtocol(adapter.toLowerCase(Locale.ROOT),
                subscriptionMode == null ? null : subscriptionMode.toLowerCase(Locale.ROOT));
    }

    /**
     * Parley's options for a run on {@code key}. The streams protocol also gets the key as its stream, so that a
     * run never reads the entries another run left in Redis.
     */
    List<String> parleyArgs(String key) {
        List<String> args = new ArrayList<>(List.of("--adapter", adapter));
        if (subscriptionMode != null) {
            args.addAll(List.of("--subscription-mode", subscriptionMode));
        }
        if (adapter.equals("streams")) {
            args.addAll(List.of("--redis-stream-name", key));
        }
        return args;
    }

    /** The Node peer's environment for the same protocol and stream. */
    Map<String, String> nodeEnv(String key) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("REDIS_ADAPTER", adapter);
        if (subscriptionMode != null) {
            env.put("REDIS_SUBSCRIPTION_MODE", subscriptionMode);
        }
        if (adapter.equals("streams")) {
            env.put("REDIS_STREAM_NAME", key);
        }
        return env;
    }

    /** For the report: {@code classic}, {@code sharded (dynamic)}, {@code streams}. */
    String label() {
        return subscriptionMode == null ? adapter : adapter + " (" + subscriptionMode + ")";
    }
}
