package dev.parley.benchmarks.load;

import static dev.parley.benchmarks.load.RecordingContext.receive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The broadcast scenario's sessions, publisher and subscriber, over raw WebSocket and Socket.IO. */
class BroadcastSessionsTest {
    private static final String STAMP_255 = "00000000000000ff";

    private final RecordingContext context = new RecordingContext();

    @AfterEach
    void exhausted() {
        assertThat(context.events).isEmpty();
    }

    @Test
    void rawSubscriberTakesEachMessageAsADeliveryOfItsStamp() {
        ProtocolSession subscriber = new BroadcastSpec(Protocol.ws, 20, false, "bench").subscribers().create(context);
        subscriber.onUpgraded();
        context.expect("ready");
        receive(subscriber, STAMP_255 + "abcd");
        context.expect("delivered 255");
        receive(subscriber, STAMP_255 + "abc");
        receive(subscriber, false, STAMP_255 + "abcd");
        receive(subscriber, "not a stamp, twenty");
        context.expect("malformed", "malformed", "malformed");
    }

    @Test
    void rawPublisherStampsItsMessagesAndExpectsNone() {
        ProtocolSession publisher = new BroadcastSpec(Protocol.ws, 20, true, "bench").publisher().create(context);
        publisher.onUpgraded();
        context.expect("ready");
        publisher.writeRequest(255);
        context.expect("binary " + STAMP_255 + "abcd");
        receive(publisher, false, STAMP_255 + "abcd");
        context.expect("other");
    }

    @Test
    void socketIoSubscriberJoinsIsReadyAtTheAckThenTakesTheNews() {
        ProtocolSession subscriber = new BroadcastSpec(Protocol.socketio, 18, false, "bench").subscribers()
                .create(context);
        receive(subscriber, SocketIoWireTest.OPEN_PACKET);
        receive(subscriber, "40{\"sid\":\"abc\"}");
        context.expect("text 40", "text 420[\"join\",\"bench\"]");
        // Parley's echo app greets every socket; only the join's ack makes the subscriber ready.
        receive(subscriber, "42[\"auth\",{}]");
        receive(subscriber, "430[true]");
        context.expect("other", "ready");
        receive(subscriber, "42[\"news\",\"" + STAMP_255 + "ab\"]");
        context.expect("delivered 255");
        receive(subscriber, "42[\"news\",\"" + STAMP_255 + "a\"]");
        receive(subscriber, "42[\"news\",\"" + STAMP_255.toUpperCase() + "ab\"]");
        receive(subscriber, "42[\"news\",[\"" + STAMP_255 + "\"]]");
        context.expect("malformed", "malformed", "malformed");
        receive(subscriber, "42[\"other\",\"" + STAMP_255 + "ab\"]");
        receive(subscriber, "430[true]");
        context.expect("other", "other");
    }

    @Test
    void socketIoPublisherIsReadyOnConnectAndEmitsBroadcastEvents() {
        ProtocolSession publisher = new BroadcastSpec(Protocol.socketio, 18, false, "bench").publisher()
                .create(context);
        receive(publisher, SocketIoWireTest.OPEN_PACKET);
        receive(publisher, "40{\"sid\":\"abc\"}");
        context.expect("text 40", "ready");
        publisher.writeRequest(255);
        context.expect("text 42[\"broadcast\",\"bench\",\"" + STAMP_255 + "ab\"]");
        receive(publisher, "42[\"news\",\"" + STAMP_255 + "ab\"]");
        context.expect("other");
    }

    @Test
    void optionsThatCannotWork() {
        assertThatThrownBy(() -> new BroadcastSpec(Protocol.ws, 15, false, "bench"))
                .hasMessageContaining("--payload must be at least 16");
        assertThatThrownBy(() -> new BroadcastSpec(Protocol.socketio, 64, true, "bench"))
                .hasMessageContaining("--binary is for --protocol ws");
    }
}
