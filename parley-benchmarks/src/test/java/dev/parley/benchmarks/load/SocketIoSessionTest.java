package dev.parley.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SocketIoSessionTest {
    private final Recorder context = new Recorder();

    @AfterEach
    void exhausted() {
        assertThat(context.events).isEmpty();
    }

    @Test
    void handshakeThenPingThenEventsAndTheirReplies() {
        ProtocolSession session = new MessageSpec(Protocol.socketio, 3, false, false, "message", "message-with-ack",
                "message-back").sessions().create(context);
        session.onUpgraded();
        context.expect();
        receive(session, SocketIoWireTest.OPEN_PACKET);
        context.expect("text 40");
        receive(session, "40{\"sid\":\"abc\"}");
        context.expect("ready");
        receive(session, "42[\"auth\",{}]");
        context.expect("other");
        receive(session, "2");
        context.expect("text 3", "ping answered every 25000 ms");
        session.writeRequest();
        context.expect("text 42[\"message\",\"abc\"]");
        receive(session, "42[\"message-back\",\"abc\"]");
        context.expect("reply");
    }

    @Test
    void acksMustComeInOrder() {
        ProtocolSession session = new MessageSpec(Protocol.socketio, 1, false, true, "message", "message-with-ack",
                "message-back").sessions().create(context);
        receive(session, SocketIoWireTest.OPEN_PACKET);
        receive(session, "40{\"sid\":\"abc\"}");
        context.expect("text 40", "ready");
        session.writeRequest();
        session.writeRequest();
        context.expect("text 420[\"message-with-ack\",\"a\"]", "text 421[\"message-with-ack\",\"a\"]");
        receive(session, "430[\"a\"]");
        receive(session, "432[\"a\"]");
        receive(session, "42[\"message-back\",\"a\"]");
        context.expect("reply", "mismatched", "other");
    }

    @Test
    void connectErrorAndEngineIoCloseAbort() {
        ProtocolSession session = MessageSpec.none(Protocol.socketio).sessions().create(context);
        receive(session, SocketIoWireTest.OPEN_PACKET);
        receive(session, "44{\"message\":\"Invalid namespace\"}");
        context.expect("text 40", "abort Socket.IO connect error 44{\"message\":\"Invalid namespace\"}");
        receive(session, "1");
        context.expect("abort Engine.IO close from the server");
    }

    private static void receive(ProtocolSession session, String text) {
        ByteBuf message = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
        session.onMessage(true, message);
        message.release();
    }

    /** Records what the session asks of its connection, as lines. */
    private static final class Recorder implements SessionContext {
        final List<String> events = new ArrayList<>();

        void expect(String... expected) {
            assertThat(events).containsExactly(expected);
            events.clear();
        }

        @Override
        public ByteBufAllocator alloc() {
            return ByteBufAllocator.DEFAULT;
        }

        @Override
        public void writeText(ByteBuf payload) {
            events.add("text " + payload.toString(StandardCharsets.UTF_8));
            payload.release();
        }

        @Override
        public void writeBinary(ByteBuf payload) {
            events.add("binary " + payload.readableBytes());
            payload.release();
        }

        @Override
        public void sessionReady() {
            events.add("ready");
        }

        @Override
        public void reply() {
            events.add("reply");
        }

        @Override
        public void mismatchedReply() {
            events.add("mismatched");
        }

        @Override
        public void otherMessage() {
            events.add("other");
        }

        @Override
        public void pingAnswered(long pingIntervalMillis) {
            events.add("ping answered every " + pingIntervalMillis + " ms");
        }

        @Override
        public void abort(String reason) {
            events.add("abort " + reason);
        }
    }
}
