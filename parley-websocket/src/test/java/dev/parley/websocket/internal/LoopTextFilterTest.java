package dev.parley.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.websocket.HandshakeRequest;
import dev.parley.websocket.WebSocketConfig;
import dev.parley.websocket.WebSocketEndpoint;
import dev.parley.websocket.WebSocketListener;
import dev.parley.websocket.WebSocketSession;
import dev.parley.websocket.spi.LoopTextFilter;
import dev.parley.websocket.spi.TransportConnection;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * A listener that takes some text messages on the event loop (Engine.IO's pongs) gets them at once, while
 * the handler executor holds the others; what it declines is delivered as usual, in order.
 */
class LoopTextFilterTest {
    /** Takes "3" on the loop, declines the rest. */
    private static final class PongFilter implements WebSocketListener, LoopTextFilter {
        final List<String> onLoop = new CopyOnWriteArrayList<>();
        final List<String> delivered = new CopyOnWriteArrayList<>();
        EmbeddedChannel channel;

        @Override
        public boolean handledOnLoop(TransportConnection connection, String text) {
            assertThat(channel.eventLoop().inEventLoop()).isTrue();
            if (!text.equals("3")) {
                return false;
            }
            onLoop.add(text);
            return true;
        }

        @Override
        public void onText(WebSocketSession session, String text) {
            delivered.add(text);
        }
    }

    /** A handler executor that runs nothing until told: a busy pool. */
    private static final class HeldExecutor implements Executor {
        final Queue<Runnable> held = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            held.add(task);
        }

        void runAll() {
            Runnable task;
            while ((task = held.poll()) != null) {
                task.run();
            }
        }
    }

    @Test
    void aFilteredMessageIsHandledOnTheLoopWhileTheHandlersAreBusy() {
        PongFilter listener = new PongFilter();
        HeldExecutor handlers = new HeldExecutor();
        WebSocketEndpoint endpoint = WebSocketEndpoint.builder("/test", listener).build();
        HandshakeRequest request = new HandshakeRequest("/test", Map.of(), Map.of(),
                new InetSocketAddress("127.0.0.1", 40000), false);
        WebSocketConnection connection = new WebSocketConnection(endpoint, request, Optional.empty(),
                WebSocketConfig.defaults(), null, handlers);
        EmbeddedChannel channel = new EmbeddedChannel(connection);
        listener.channel = channel;
        try {
            connection.opened();
            ClientFrames client = new ClientFrames();
            for (String text : new String[] {"4hello", "3", "4world"}) {
                channel.writeInbound(Unpooled.wrappedBuffer(client.text(text)));
            }
            channel.runPendingTasks();

            assertThat(listener.onLoop).containsExactly("3");
            assertThat(listener.delivered).isEmpty();
            handlers.runAll();
            assertThat(listener.delivered).containsExactly("4hello", "4world");
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    /** A one-character ASCII message (a pong, every 25 s per connection) is one shared String, not one per read. */
    @Test
    void oneCharacterAsciiMessagesShareOneStringLongerOnesAreDecoded() {
        PongFilter listener = new PongFilter();
        HeldExecutor handlers = new HeldExecutor();
        WebSocketEndpoint endpoint = WebSocketEndpoint.builder("/test", listener).build();
        HandshakeRequest request = new HandshakeRequest("/test", Map.of(), Map.of(),
                new InetSocketAddress("127.0.0.1", 40000), false);
        WebSocketConnection connection = new WebSocketConnection(endpoint, request, Optional.empty(),
                WebSocketConfig.defaults(), null, handlers);
        EmbeddedChannel channel = new EmbeddedChannel(connection);
        listener.channel = channel;
        try {
            connection.opened();
            ClientFrames client = new ClientFrames();
            for (String text : new String[] {"3", "3", "\u00e9", "x", "3x"}) {
                channel.writeInbound(Unpooled.wrappedBuffer(client.text(text)));
            }
            channel.runPendingTasks();
            handlers.runAll();

            assertThat(listener.onLoop).containsExactly("3", "3");
            assertThat(listener.onLoop.get(1)).isSameAs(listener.onLoop.get(0));
            assertThat(listener.delivered).containsExactly("\u00e9", "x", "3x");
        } finally {
            channel.finishAndReleaseAll();
        }
    }
}
