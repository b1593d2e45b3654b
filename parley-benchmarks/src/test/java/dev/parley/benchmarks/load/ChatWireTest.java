package dev.parley.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The chat scenario's packets against the wire format docs/chat.md gives (and the server's key order). */
class ChatWireTest {
    private final List<ByteBuf> buffers = new ArrayList<>();
    /** A message event as ChatEvents sends it: MessageViews' keys in their order. */
    static String messageEvent(long id, String clientId) {
        return "42[\"message\",{\"id\":" + id + ",\"clientId\":\"" + clientId + "\",\"from\":\"load-7\",\"room\":\"load-3\","
                + "\"text\":\"hello\",\"ts\":1765000000000,\"status\":\"sent\"}]";
    }

    @Test
    void connectsWithANicknameAndJoinsWithAckZero() {
        assertThat(text(ChatWire.connectPacket("load-7"))).isEqualTo("40{\"nickname\":\"load-7\"}");
        assertThat(text(ChatWire.joinPacket("load-3"))).isEqualTo("420[\"room:join\",{\"room\":\"load-3\"}]");
    }

    @Test
    void sendCarriesUserNumberAndStampInTheClientIdWithAckIdNumberPlusOne() {
        ByteBuf out = Unpooled.buffer();
        ChatWire.writeSend(out, ChatWire.sendPrefix("load-3", "hi there", 7), 41, 0x1234abcdL);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                "4242[\"message:send\",{\"room\":\"load-3\",\"text\":\"hi there\",\"clientId\":\"u7-41-000000001234abcd\"}]");
        out.release();
    }

    @Test
    void readsTheStampBackFromAMessageOrAnAck() {
        assertThat(ChatWire.stamp(buffer(messageEvent(12, "u7-41-000000001234abcd"))))
                .isEqualTo(new ChatWire.Stamp(7, 41, 0x1234abcdL));
        assertThat(ChatWire.stamp(buffer("4342[{\"ok\":true,\"message\":{\"id\":12,\"clientId\":\"u7-41-ffffffffffffffff\"}}]")))
                .isEqualTo(new ChatWire.Stamp(7, 41, -1L));
        assertThat(ChatWire.messageId(buffer(messageEvent(12, "u7-41-000000001234abcd")))).isEqualTo(12);
    }

    @Test
    void anotherClientIdIsNotAStamp() {
        assertThat(ChatWire.stamp(buffer(messageEvent(1, "3f2a0c1e-uuid")))).isNull();
        assertThat(ChatWire.stamp(buffer(messageEvent(1, "u7-41-00000000")))).isNull();
        assertThat(ChatWire.stamp(buffer(messageEvent(1, "u7-41-000000001234abcdX")))).isNull();
        assertThat(ChatWire.stamp(buffer(messageEvent(1, "u7x41-000000001234abcd")))).isNull();
        assertThat(ChatWire.stamp(buffer(messageEvent(1, "u7-99999999999-000000001234abcd")))).isNull();
        assertThat(ChatWire.stamp(buffer("42[\"message\",{\"id\":1}]"))).isNull();
    }

    @Test
    void recognizesRoomMessagesButNotTheirStatus() {
        assertThat(ChatWire.isMessage(buffer(messageEvent(1, "x")))).isTrue();
        assertThat(ChatWire.isMessage(buffer("42[\"message:status\",{\"id\":1,\"status\":\"delivered\"}]"))).isFalse();
        assertThat(ChatWire.isMessage(buffer("42[\"notice\",{}]"))).isFalse();
    }

    @Test
    void acksSayOkOrARefusalCode() {
        assertThat(ChatWire.isOk(buffer("430[{\"ok\":true,\"room\":\"load-3\"}]"))).isTrue();
        ByteBuf refused = buffer("433[{\"ok\":false,\"code\":\"rate_limited\",\"error\":\"slow\",\"retryAfter\":90}]");
        assertThat(ChatWire.isOk(refused)).isFalse();
        assertThat(ChatWire.code(refused)).isEqualTo("rate_limited");
        assertThat(ChatWire.code(buffer("433[{\"ok\":false}]"))).isEqualTo("no code");
    }

    @Test
    void receiptNamesTheMessageId() {
        ByteBuf out = Unpooled.buffer();
        ChatWire.writeDelivered(out, 987654321L);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("42[\"message:delivered\",{\"id\":987654321}]");
        out.release();
    }

    @AfterEach
    void release() {
        buffers.forEach(ByteBuf::release);
    }

    private ByteBuf buffer(String s) {
        ByteBuf b = Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
        buffers.add(b);
        return b;
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
