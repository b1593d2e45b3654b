package dev.parley.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlowSubscribersTest {
    private final ConnectionStats stats = new ConnectionStats();
    private EmbeddedChannel channel;

    @AfterEach
    void release() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void aShareAboveZeroSlowsAtLeastOneAndLeavesOneFast() {
        assertThat(SlowSubscribers.count(200, 0)).isZero();
        assertThat(SlowSubscribers.count(200, 1)).isEqualTo(2);
        assertThat(SlowSubscribers.count(50, 1)).isEqualTo(1);
        assertThat(SlowSubscribers.count(2, 99)).isEqualTo(1);
        assertThat(SlowSubscribers.count(1, 1)).isZero();
        assertThatThrownBy(() -> SlowSubscribers.count(10, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SlowSubscribers.count(10, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSlowOnesAreSpreadOverTheList() {
        List<Integer> all = IntStream.range(0, 200).boxed().toList();
        assertThat(SlowSubscribers.pick(all, 2)).containsExactly(0, 100);
        assertThat(SlowSubscribers.pick(all, 4)).containsExactly(0, 50, 100, 150);
        assertThat(SlowSubscribers.pick(all, 0)).isEmpty();
    }

    @Test
    void aStoppedSubscriberReadsNothingUntilResumedAndItsCloseIsCounted() throws Exception {
        LoadConnection subscriber = open();
        SlowSubscribers slow = new SlowSubscribers(List.of(subscriber));
        subscriber.replyHandler(slow);
        channel.writeInbound(delivery());
        slow.stop();
        channel.runPendingTasks();
        assertThat(channel.config().isAutoRead()).isFalse();

        // The server's close frame, 1008, arrives once reading again (the embedded channel hands it on anyway).
        slow.resume(Duration.ZERO);
        channel.runPendingTasks();
        assertThat(channel.config().isAutoRead()).isTrue();
        channel.writeInbound(delivery());
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0x88, 2, 0x03, (byte) 0xf0}));
        channel.close();

        Map<String, Object> section = new LinkedHashMap<>();
        slow.putResults(section);
        assertThat(section).containsEntry("slowSubscribers", 1).containsEntry("closedDuringRun", 1L)
                .containsEntry("closedWhileNotReading", 0L).containsEntry("stillOpen", 0L)
                .containsEntry("closeReasons", Map.of("closed by the server with 1008", 1L))
                .containsEntry("deliveriesBeforeStop", 1L).containsEntry("backlogDeliveriesReadAfterResume", 1L);
    }

    private static ByteBuf delivery() {
        return Unpooled.wrappedBuffer(new byte[] {(byte) 0x81, 20},
                "00000000000000ffabcd".getBytes(StandardCharsets.US_ASCII));
    }

    /** An upgraded broadcast subscriber on an embedded channel. */
    private LoadConnection open() throws Exception {
        BroadcastSpec spec = new BroadcastSpec(Protocol.ws, 20, false, "bench");
        LoadConnection connection = new LoadConnection(spec.subscribers(), stats, TimeUnit.SECONDS.toNanos(5));
        channel = new EmbeddedChannel(false, false,
                new UpgradeHandler(new ClientHandshake(Target.parse("ws://127.0.0.1:3100/ws/broadcast", Protocol.ws),
                        ClientHandshakeTest.SAMPLE_NONCE), connection),
                new WsClientHandler(connection, 1 << 20));
        connection.bind(channel);
        channel.register();
        ByteBuf request = channel.readOutbound();
        request.release();
        channel.writeInbound(Unpooled.wrappedBuffer(
                LoadConnectionTest.UPGRADE_RESPONSE.getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(connection.ready()).isCompletedWithValue(connection);
        return connection;
    }
}
