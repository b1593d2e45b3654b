package dev.parley.push.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.push.PushConfig;
import dev.parley.push.Topics;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.testkit.LiveHeap;
import dev.parley.testkit.NodeProcess;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The live heap a waiting long poll costs the server (its connection, its pending exchange and its wake-up
 * registration): N polls held open by a Node process (raw TCP, so that the clients' memory is not in this
 * JVM's heap), measured after full collections. With the default bound of 50,000 waiting polls this says what
 * an unauthenticated crowd can pin at most. {@code -Dparley.waitingPolls=10000} for a larger sample.
 */
class PollingHeapIT {
    private static final Path NODE_SCRIPTS = Paths.get("src/test/node").toAbsolutePath();
    /**
     * Measured 4,057 B at 2,000 polls (2026-12-07): a waiting poll keeps its connection's whole HTTP pipeline,
     * where an open SSE stream keeps only its own handler (1,670 B). The bound leaves a quarter for the JVM's
     * noise, not room for a regression that doubles it. At the default 50,000 waiting polls: about 200 MB.
     */
    private static final long BOUND_PER_POLL = 5120;

    @Test
    void liveHeapPerWaitingPoll() throws Exception {
        int polls = Integer.getInteger("parley.waitingPolls", 2_000);
        try (Topics topics = Topics.create(PushConfig.defaults())) {
            ParleyServer server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build());
            PollingSubscribers polling = PollingSubscribers.mount(server, topics, PollingOptions.builder()
                    .maxWaitingPerAddress(polls).maxWait(Duration.ofMinutes(5)).build());
            server.start();
            try {
                // Warm up: one poll held and dropped, so that classes and pools exist before the baseline.
                holdAndMeasure(server, polling, 1);
                long before = LiveHeap.bytes();
                long with = holdAndMeasure(server, polling, polls);
                long perPoll = (with - before) / polls;
                System.out.printf("PollingHeapIT: %d waiting polls: live heap %.1f -> %.1f MiB, %d B per poll%n",
                        polls, before / 1048576.0, with / 1048576.0, perPoll);
                assertThat(perPoll).isLessThanOrEqualTo(BOUND_PER_POLL);
            } finally {
                server.stop();
                polling.close();
            }
        }
    }

    /** Holds {@code count} long polls, returns the live heap while they wait, drops them. */
    private static long holdAndMeasure(ParleyServer server, PollingSubscribers polling, int count) throws Exception {
        try (NodeProcess clients = NodeProcess.start(NODE_SCRIPTS, Map.of(), "poll-clients.mjs", "127.0.0.1",
                Integer.toString(server.port()), Integer.toString(count), "/api/topics/heap/events?after=0&wait=300s")) {
            clients.await(line -> line.equals("sent " + count), Duration.ofMinutes(2));
            await().atMost(Duration.ofMinutes(1)).until(() -> polling.waiting() == count);
            long heap = LiveHeap.bytes();
            clients.send("close");
            clients.await(line -> line.equals("closed"), Duration.ofSeconds(30));
            await().atMost(Duration.ofMinutes(1)).until(() -> polling.waiting() == 0);
            return heap;
        }
    }
}
