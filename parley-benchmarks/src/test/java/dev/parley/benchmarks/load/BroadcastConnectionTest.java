package dev.parley.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A broadcast's connections over an {@link EmbeddedChannel}: publishes queue no stamp, deliveries bring theirs. */
class BroadcastConnectionTest {
    private final ConnectionStats stats = new ConnectionStats();
    private final BroadcastSpec spec = new BroadcastSpec(Protocol.ws, 20, false, "bench");
    private final List<Long> replies = new ArrayList<>();
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void release() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    @Test
    void aDeliveryReachesTheReplyHandlerWithThePublishedStamp() throws Exception {
        LoadConnection subscriber = open(spec.subscribers());
        subscriber.replyHandler((c, stamp, now) -> replies.add(stamp));
        EmbeddedChannel channel = channels.get(0);
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0x81, 20},
                "00000000000000ffabcd".getBytes(StandardCharsets.US_ASCII)));
        assertThat(replies).containsExactly(255L);
        // Twenty bytes again, but no stamp: counted, not handed on.
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0x81, 20},
                "no stamp in here....".getBytes(StandardCharsets.US_ASCII)));
        assertThat(replies).containsExactly(255L);
        assertThat(stats.mismatchedReplies.sum()).isEqualTo(1);
    }

    @Test
    void aPublishCarriesItsStampAndWaitsForNoReply() throws Exception {
        LoadConnection publisher = open(spec.publisher());
        publisher.replyHandler((c, stamp, now) -> replies.add(stamp));
        assertThat(publisher.publish(255)).isTrue();
        publisher.flushIfPending();
        EmbeddedChannel channel = channels.get(0);
        List<ByteBuf> written = new ArrayList<>();
        for (ByteBuf b; (b = channel.readOutbound()) != null; ) {
            written.add(b);
        }
        assertThat(RecordedFrames.parse(written)).containsExactly("1 masked 00000000000000ffabcd");
        // Had the stamp been queued for a reply, this message would have answered it.
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0x81, 20},
                "00000000000000ffabcd".getBytes(StandardCharsets.US_ASCII)));
        assertThat(replies).isEmpty();
        assertThat(stats.otherMessages.sum()).isEqualTo(1);
    }

    /** A connection of {@code sessions}, upgraded, with the upgrade request consumed. */
    private LoadConnection open(ProtocolSession.Factory sessions) throws Exception {
        LoadConnection connection = new LoadConnection(sessions, stats, TimeUnit.SECONDS.toNanos(5));
        EmbeddedChannel channel = new EmbeddedChannel(false, false,
                new UpgradeHandler(new ClientHandshake(Target.parse("ws://127.0.0.1:3100/ws/broadcast", Protocol.ws),
                        ClientHandshakeTest.SAMPLE_NONCE), connection),
                new WsClientHandler(connection, 1 << 20));
        channels.add(channel);
        connection.bind(channel);
        channel.register();
        ByteBuf request = channel.readOutbound();
        assertThat(request.toString(StandardCharsets.US_ASCII)).startsWith("GET /ws/broadcast HTTP/1.1\r\n");
        request.release();
        channel.writeInbound(Unpooled.wrappedBuffer(
                LoadConnectionTest.UPGRADE_RESPONSE.getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(connection.ready()).isCompletedWithValue(connection);
        return connection;
    }
}
