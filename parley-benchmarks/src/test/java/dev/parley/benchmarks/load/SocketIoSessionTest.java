package dev.parley.benchmarks.load;

import static dev.parley.benchmarks.load.RecordingContext.receive;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SocketIoSessionTest {
    private final RecordingContext context = new RecordingContext();

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
        session.writeRequest(0);
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
        session.writeRequest(0);
        session.writeRequest(0);
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
}
