package dev.parley.benchmarks.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterProtocolTest {
    @Test
    void classicIsTodaysRunWithTheAdapterNamed() {
        ClusterProtocol classic = ClusterProtocol.of("classic", "dynamic");
        assertThat(classic.parleyArgs("k")).containsExactly("--adapter", "classic");
        assertThat(classic.nodeEnv("k")).containsExactlyEntriesOf(Map.of("REDIS_ADAPTER", "classic"));
        assertThat(classic.label()).isEqualTo("classic");
    }

    @Test
    void shardedPassesItsSubscriptionModeToBothSides() {
        ClusterProtocol sharded = ClusterProtocol.of("Sharded", "STATIC");
        assertThat(sharded.parleyArgs("k")).containsExactly("--adapter", "sharded", "--subscription-mode", "static");
        assertThat(sharded.nodeEnv("k")).containsOnly(Map.entry("REDIS_ADAPTER", "sharded"),
                Map.entry("REDIS_SUBSCRIPTION_MODE", "static"));
        assertThat(sharded.label()).isEqualTo("sharded (static)");
    }

    @Test
    void streamsUseTheRunsKeyAsTheirStreamSoNoRunReadsAnothersEntries() {
        ClusterProtocol streams = ClusterProtocol.of("streams", "dynamic");
        assertThat(streams.parleyArgs("run-1")).isEqualTo(
                List.of("--adapter", "streams", "--redis-stream-name", "run-1"));
        assertThat(streams.nodeEnv("run-1")).containsOnly(Map.entry("REDIS_ADAPTER", "streams"),
                Map.entry("REDIS_STREAM_NAME", "run-1"));
        assertThat(streams.label()).isEqualTo("streams");
    }

    @Test
    void refusesUnknownProtocolsAndModes() {
        assertThatThrownBy(() -> ClusterProtocol.of("emitter", null)).hasMessageContaining("--cluster-adapter");
        assertThatThrownBy(() -> ClusterProtocol.of("sharded", "lazy"))
                .hasMessageContaining("--cluster-subscription-mode");
    }
}
