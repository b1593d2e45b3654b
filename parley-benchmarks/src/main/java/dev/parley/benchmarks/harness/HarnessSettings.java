package dev.parley.benchmarks.harness;

import java.time.Duration;
import java.util.List;

/** Timing and sizes every scenario reads. */
record HarnessSettings(Duration warmup, Duration duration, String serverHeap, List<Integer> idleConnections,
        int connects, List<String> echo, List<Integer> ackInFlight, List<Integer> latencyRates,
        List<Integer> broadcastSubscribers, List<Integer> broadcastRates, int payloadBytes, int soakMinutes, long soakRate,
        int slowSubscribers, int slowPayloadBytes, int slowRate, Duration slowDuration, List<Integer> scaleProcesses,
        int scaleConnections, List<Integer> clusterSubscribers, List<Integer> clusterRates, List<Integer> clusterP99BoundsMillis, String redisUrl,
        ClusterProtocol clusterProtocol, Duration idleCpuWindow, boolean latencyOneConnection) {
}
