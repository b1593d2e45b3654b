package dev.parley.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SocketIoWireTest {
    // Engine.IO protocol v4, "Handshake": the open packet's example.
    static final String OPEN_PACKET = "0{\"sid\":\"lv_VI97HAXpY6yYWAAAC\",\"upgrades\":[\"websocket\"],"
            + "\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}";
    // Socket.IO protocol v5, "Packet encoding" examples, inside an Engine.IO message (4).
    static final String EVENT = "42[\"foo\"]";
    static final String EVENT_IN_NAMESPACE = "42/admin,[\"bar\"]";
    static final String EVENT_WITH_ACK = "4212[\"foo\"]";
    static final String ACK = "4312[\"bar\"]";
    static final String ACK_IN_NAMESPACE = "43/admin,13[\"bar\"]";

    @Test
    void packetTypes() {
        assertThat(SocketIoWire.engineType(text(OPEN_PACKET))).isEqualTo(SocketIoWire.OPEN);
        assertThat(SocketIoWire.engineType(text("2"))).isEqualTo(SocketIoWire.PING);
        assertThat(SocketIoWire.engineType(text(""))).isEqualTo(-1);
        assertThat(SocketIoWire.socketType(text(EVENT))).isEqualTo(SocketIoWire.EVENT);
        assertThat(SocketIoWire.socketType(text(ACK))).isEqualTo(SocketIoWire.ACK);
        assertThat(SocketIoWire.socketType(text("40{\"sid\":\"x\"}"))).isEqualTo(SocketIoWire.CONNECT);
        assertThat(SocketIoWire.socketType(text("2"))).isEqualTo(-1);
    }

    @Test
    void ackIds() {
        assertThat(SocketIoWire.ackId(text(ACK))).isEqualTo(12);
        assertThat(SocketIoWire.ackId(text(ACK_IN_NAMESPACE))).isEqualTo(13);
        assertThat(SocketIoWire.ackId(text(EVENT_WITH_ACK))).isEqualTo(12);
        assertThat(SocketIoWire.ackId(text(EVENT))).isEqualTo(-1);
    }

    @Test
    void eventNamesMatchWholeNamesOnly() {
        byte[] foo = SocketIoWire.namePrefix("foo");
        assertThat(SocketIoWire.isEvent(text(EVENT), foo)).isTrue();
        assertThat(SocketIoWire.isEvent(text(EVENT_WITH_ACK), foo)).isTrue();
        assertThat(SocketIoWire.isEvent(text("42[\"foo\",1]"), foo)).isTrue();
        assertThat(SocketIoWire.isEvent(text("42[\"food\"]"), foo)).isFalse();
        assertThat(SocketIoWire.isEvent(text(EVENT_IN_NAMESPACE), SocketIoWire.namePrefix("bar"))).isTrue();
        assertThat(SocketIoWire.isEvent(text("42[\"fo"), foo)).isFalse();
    }

    @Test
    void theArgumentsFollowTheName() {
        byte[] news = SocketIoWire.namePrefix("news");
        assertThat(SocketIoWire.afterEventName(text("42[\"news\",\"x\"]"), news)).isEqualTo(9);
        assertThat(SocketIoWire.afterEventName(text("42/admin,7[\"news\"]"), news)).isEqualTo(17);
        assertThat(SocketIoWire.afterEventName(text("42[\"newsy\",\"x\"]"), news)).isEqualTo(-1);
    }

    @Test
    void encodesEvents() {
        assertThat(new String(SocketIoWire.event("message", "abc"), StandardCharsets.UTF_8))
                .isEqualTo("42[\"message\",\"abc\"]");
        ByteBuf out = Unpooled.buffer();
        SocketIoWire.writeEventWithAck(out, 7, SocketIoWire.eventData("message-with-ack", "abc"));
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("427[\"message-with-ack\",\"abc\"]");
        assertThat(new String(SocketIoWire.event("broadcast", "room", "abc"), StandardCharsets.UTF_8))
                .isEqualTo("42[\"broadcast\",\"room\",\"abc\"]");
        assertThat(new String(SocketIoWire.event("say \"hi\"", ""), StandardCharsets.UTF_8))
                .isEqualTo("42[\"say \\\"hi\\\"\",\"\"]");
    }

    @Test
    void pingIntervalOfTheOpenPacket() {
        assertThat(SocketIoWire.pingInterval(OPEN_PACKET)).isEqualTo(25000);
        assertThat(SocketIoWire.pingInterval("0{")).isZero();
    }

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }
}
