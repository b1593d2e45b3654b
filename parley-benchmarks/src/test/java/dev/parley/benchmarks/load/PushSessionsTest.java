package dev.parley.benchmarks.load;

import static dev.parley.benchmarks.load.RecordingContext.receive;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The push scenario's WebSocket and Socket.IO subscribers, fed the messages docs/push.md documents. */
class PushSessionsTest {
    private static final int SIZE = 20;
    /** A data string of SIZE characters stamped 255. */
    private static final String DATA = "\"@00000000000000ffabc\"";

    private final RecordingContext context = new RecordingContext();
    private final PushTally tally = new PushTally(PushTransport.ws);
    private final PushSubscriber subscriber = tally.newSubscriber();

    PushSessionsTest() {
        // One event due every nanosecond from 0, the window holding the first thousand: stamp 255 is event 255.
        tally.window(new PushWindow(0, 1, 0, 1000));
    }

    @AfterEach
    void exhausted() {
        assertThat(context.events).isEmpty();
    }

    @Test
    void webSocketSubscriberSubscribesIsReadyAtSubscribedThenCountsEventsInIdOrder() {
        ProtocolSession ws = PushWsSession.factory(PushWsSession.subscribeMessage("bench"), SIZE, subscriber)
                .create(context);
        ws.onUpgraded();
        context.expect("text {\"type\":\"subscribe\",\"topic\":\"bench\"}");
        receive(ws, "{\"type\":\"subscribed\",\"topic\":\"bench\"}");
        context.expect("ready");
        assertThat(subscriber.isReady()).isTrue();

        receive(ws, "{\"type\":\"event\",\"topic\":\"bench\",\"id\":1733550000123457,\"data\":" + DATA + "}");
        receive(ws, "{\"type\":\"event\",\"topic\":\"bench\",\"id\":1733550000123457,\"data\":" + DATA + "}");
        receive(ws, "{\"type\":\"event\",\"topic\":\"bench\",\"id\":1733550000123458,\"data\":\"@short\"}");
        receive(ws, "{\"type\":\"gap\",\"topic\":\"bench\"}");
        receive(ws, "{\"type\":\"unsubscribed\",\"topic\":\"bench\"}");
        context.expect("other");

        Map<String, Object> results = results(255);
        assertThat(results).containsEntry("receivedDeliveries", 1L).containsEntry("idsOutOfOrderOrRepeated", 1L)
                .containsEntry("malformedDeliveries", 1L).containsEntry("gapsNotified", 1L)
                .containsEntry("subscribersMissingEvents", 0L);
    }

    @Test
    void socketIoSubscriberConnectsToTopicsAndIsReadyAtTheAck() {
        ProtocolSession sio = PushSocketIoTraffic.sessions(PushSocketIoTraffic.subscribePacket("bench"), SIZE,
                subscriber).create(context);
        receive(sio, SocketIoWireTest.OPEN_PACKET);
        context.expect("text 40/topics,");
        receive(sio, "40/topics,{\"sid\":\"abc\"}");
        context.expect("text 42/topics,0[\"topic:subscribe\",{\"topic\":\"bench\"}]");
        receive(sio, "43/topics,0[{\"ok\":true}]");
        context.expect("ready");

        receive(sio, "42/topics,[\"topic:event\",{\"topic\":\"bench\",\"id\":7,\"data\":" + DATA + "}]");
        receive(sio, "42/topics,[\"topic:gap\",{\"topic\":\"bench\"}]");
        receive(sio, "42/topics,[\"topic:other\",{}]");
        context.expect("other");
        assertThat(results(255, 256)).containsEntry("receivedDeliveries", 1L).containsEntry("gapsNotified", 1L)
                .containsEntry("subscribersMissingEvents", 1L).containsEntry("missingDeliveries", 1L);
    }

    @Test
    void aRefusedSocketIoSubscriptionEndsTheConnection() {
        ProtocolSession sio = PushSocketIoTraffic.sessions(PushSocketIoTraffic.subscribePacket("private:x"), SIZE,
                subscriber).create(context);
        receive(sio, SocketIoWireTest.OPEN_PACKET);
        receive(sio, "40/topics,{\"sid\":\"abc\"}");
        context.events.clear();
        receive(sio, "43/topics,0[{\"error\":\"forbidden\",\"message\":\"no\"}]");
        assertThat(context.events).singleElement().asString().startsWith("abort topic:subscribe refused");
        context.events.clear();
        assertThat(subscriber.isReady()).isFalse();
    }

    /** The results when the server accepted the events of these window numbers. */
    private Map<String, Object> results(int... published) {
        BitSet accepted = new BitSet();
        for (int i : published) {
            accepted.set(i);
        }
        Map<String, Object> results = new LinkedHashMap<>();
        tally.putResults(results, accepted, 1.0);
        return results;
    }
}
