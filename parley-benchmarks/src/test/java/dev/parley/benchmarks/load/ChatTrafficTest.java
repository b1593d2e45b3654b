package dev.parley.benchmarks.load;

import static dev.parley.benchmarks.load.ChatWireTest.messageEvent;
import static dev.parley.benchmarks.load.RecordingContext.receive;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A chat user's session fed what the chat sends (docs/chat.md), and the ledger's accounting per message and
 * member: 4 users in 2 rooms, so users 0 and 2 share room 0, users 1 and 3 room 1.
 */
class ChatTrafficTest {
    private final RecordingContext context = new RecordingContext();
    private final ChatLedger ledger = new ChatLedger(4, 2);

    ChatTrafficTest() {
        // The window holds stamps 0..999.
        ledger.window(new LatencyStats(0, 1000));
        for (int u = 0; u < 4; u++) {
            ledger.ready(u);
        }
    }

    @AfterEach
    void exhausted() {
        assertThat(context.events).isEmpty();
    }

    @Test
    void connectsWithItsNicknameJoinsAndIsReadyAtTheJoinsOk() {
        ProtocolSession user = user(0, true);
        receive(user, SocketIoWireTest.OPEN_PACKET);
        context.expect("text 40{\"nickname\":\"load-0\"}");
        receive(user, "40{\"sid\":\"abc\"}");
        context.expect("text 420[\"room:join\",{\"room\":\"load-r0\"}]");
        receive(user, "42[\"session\",{\"nickname\":\"load-0\",\"token\":\"t\"}]");
        receive(user, "42[\"presence:change\",{\"nickname\":\"load-0\",\"online\":true,\"v\":1}]");
        context.expect("other", "other");
        receive(user, "430[{\"ok\":true,\"room\":\"load-r0\",\"members\":[\"load-0\"],\"history\":[]}]");
        context.expect("ready");
    }

    @Test
    void aRefusedJoinEndsTheConnection() {
        ProtocolSession user = user(0, true);
        joinRefused(user);
        context.expect("text 40{\"nickname\":\"load-0\"}", "text 420[\"room:join\",{\"room\":\"load-r0\"}]",
                "abort room:join refused: too_many_rooms");
    }

    @Test
    void sendsWithAnAckAndCountsTheStoredAndTheRefused() {
        ProtocolSession user = joined(0, true);
        user.writeRequest(5);
        user.writeRequest(2000);
        context.expect("text 421[\"message:send\",{\"room\":\"load-r0\",\"text\":\"hello\",\"clientId\":\"u0-0-0000000000000005\"}]",
                "text 422[\"message:send\",{\"room\":\"load-r0\",\"text\":\"hello\",\"clientId\":\"u0-1-00000000000007d0\"}]");
        receive(user, "431[{\"ok\":true,\"message\":{\"id\":1,\"clientId\":\"u0-0-0000000000000005\"}}]");
        receive(user, "432[{\"ok\":false,\"code\":\"rate_limited\",\"error\":\"too fast\",\"retryAfter\":10}]");
        receive(user, "439[{\"ok\":true}]");
        context.expect("other");

        Map<String, Object> results = results();
        assertThat(results).containsEntry("messagesSent", 2L).containsEntry("messagesSentInWindow", 0L)
                .containsEntry("messagesStored", 1L).containsEntry("messagesStoredInWindow", 1L)
                .containsEntry("messagesRefused", Map.of("rate_limited", 1L)).containsEntry("messagesUnanswered", 0L)
                // Stored in room 0: user 2 must get it, and has not.
                .containsEntry("expectedDeliveries", 1L).containsEntry("missingDeliveries", 1L)
                .containsEntry("membersMissingMessages", 1L);
    }

    @Test
    void answersEachFirstMessageFromSomeoneElseWithAReceiptAndCountsDuplicatesAndStrays() {
        ProtocolSession sender = joined(2, true);
        sender.writeRequest(7);
        context.events.clear();
        receive(sender, "431[{\"ok\":true,\"message\":{\"id\":55,\"clientId\":\"u2-0-0000000000000007\"}}]");
        receive(sender, messageEvent(55, "u2-0-0000000000000007"));

        ProtocolSession receiver = joined(0, true);
        receive(receiver, messageEvent(55, "u2-0-0000000000000007"));
        context.expect("text 42[\"message:delivered\",{\"id\":55}]");
        receive(receiver, messageEvent(55, "u2-0-0000000000000007"));
        receive(receiver, messageEvent(56, "u1-0-0000000000000007"));
        receive(receiver, messageEvent(57, "someone-else"));
        receive(receiver, "42[\"message:status\",{\"id\":3,\"status\":\"delivered\"}]");
        context.expect("other");

        Map<String, Object> results = results();
        assertThat(results).containsEntry("expectedDeliveries", 1L).containsEntry("receivedDeliveries", 1L)
                .containsEntry("missingDeliveries", 0L).containsEntry("duplicateDeliveries", 1L)
                .containsEntry("deliveriesFromOtherRooms", 1L).containsEntry("malformedMessages", 1L)
                .containsEntry("ownEchoes", 1L).containsEntry("receiptsSent", 1L)
                .containsEntry("deliveriesNotAcknowledgedToSender", 0L);
        assertThat(results.get("deliveryLatency")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("count", 1L);
    }

    @Test
    void withoutReceiptsSendsNothingBack() {
        ProtocolSession receiver = joined(0, false);
        receive(receiver, messageEvent(55, "u2-0-0000000000000007"));
        assertThat(results()).containsEntry("receivedDeliveries", 1L).containsEntry("receiptsSent", 0L)
                // The sender was never told it was stored.
                .containsEntry("deliveriesNotAcknowledgedToSender", 1L);
    }

    private void joinRefused(ProtocolSession user) {
        receive(user, SocketIoWireTest.OPEN_PACKET);
        receive(user, "40{\"sid\":\"abc\"}");
        receive(user, "430[{\"ok\":false,\"code\":\"too_many_rooms\",\"error\":\"no\"}]");
    }

    private ProtocolSession joined(int u, boolean receipts) {
        ProtocolSession user = user(u, receipts);
        receive(user, SocketIoWireTest.OPEN_PACKET);
        receive(user, "40{\"sid\":\"abc\"}");
        receive(user, "430[{\"ok\":true}]");
        context.events.clear();
        return user;
    }

    private ProtocolSession user(int u, boolean receipts) {
        return ChatTraffic.sessions(new ChatTraffic.Plan(ledger, receipts), u, "load-" + u, "load-r" + (u % 2), "hello")
                .create(context);
    }

    private Map<String, Object> results() {
        Map<String, Object> results = new LinkedHashMap<>();
        ledger.putResults(results, 1);
        return results;
    }
}
