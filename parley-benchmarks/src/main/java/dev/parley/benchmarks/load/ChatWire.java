package dev.parley.benchmarks.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Parley Chat packets of the {@code chat} scenario (docs/chat.md, "Events"), written and recognized
 * without parsing JSON. A user connects with {@code {nickname}} as auth data, joins one room with
 * {@code room:join} (ack id 0), sends {@code message:send} {@code {room, text, clientId}} with ack ids from 1,
 * receives room messages as {@code message} events and, as the web page does, answers each one from someone
 * else with {@code message:delivered} {@code {id}}.
 *
 * <p>Each message's {@code clientId} carries what a receiver needs to account for it with no state shared
 * with the sender: {@code u<user>-<seq>-<stamp>}, the sender's number, its message number (from 0) and the
 * 16 hexadecimal digits of its scheduled send time ({@link System#nanoTime()}, one clock: every user lives
 * in this process). The server sends the {@code clientId} back unchanged in the message and in the ack.
 * Pure functions over buffers.
 */
final class ChatWire {
    static final String JOIN = "room:join";
    static final String SEND = "message:send";
    static final String DELIVERED = "message:delivered";
    static final String MESSAGE = "message";
    /** The ack id of {@code room:join}; a message's ack id is its number plus one. */
    static final long JOIN_ACK_ID = 0;

    /** Where a message came from and when it was due, as its {@code clientId} says. */
    record Stamp(int user, long seq, long stampNanos) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] MESSAGE_PREFIX = SocketIoWire.namePrefix(MESSAGE);
    private static final byte[] CLIENT_ID_FIELD = bytes("\"clientId\":\"u");
    private static final byte[] OK_TRUE = bytes("\"ok\":true");
    private static final byte[] CODE_FIELD = bytes("\"code\":\"");
    private static final byte[] DELIVERED_PREFIX = bytes("42[\"" + DELIVERED + "\",{\"id\":");
    private static final byte[] DELIVERED_SUFFIX = bytes("}]");
    private static final byte[] HEX = bytes("0123456789abcdef");
    /** The longest code reported as is; a longer one is cut. */
    private static final int MAX_CODE_LENGTH = 40;

    private ChatWire() {
    }

    /** CONNECT to the main namespace as a new user: {@code 40{"nickname":"..."}}. */
    static byte[] connectPacket(String nickname) {
        return SocketIoWire.connectPacket("/", json(Map.of("nickname", nickname)));
    }

    /** {@code 420["room:join",{"room":"..."}]}. */
    static byte[] joinPacket(String room) {
        return bytes("" + (char) SocketIoWire.MESSAGE + (char) SocketIoWire.EVENT + JOIN_ACK_ID
                + json(List.of(JOIN, Map.of("room", room))));
    }

    /**
     * The bytes of one user's {@code message:send} data up to its {@code clientId}'s sequence number:
     * {@code ["message:send",{"room":R,"text":T,"clientId":"u<user>-}; {@link #writeSend} completes it.
     */
    static byte[] sendPrefix(String room, String text, int user) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("room", room);
        message.put("text", text);
        message.put("clientId", "");
        String data = json(List.of(SEND, message));
        // The clientId is last: cut its empty value's closing quote, brace and bracket.
        return bytes(data.substring(0, data.length() - 3) + "u" + user + "-");
    }

    /** Writes {@code 42<seq+1>} + {@code prefix} + {@code <seq>-<stamp>"}]}: message number {@code seq}. */
    static void writeSend(ByteBuf out, byte[] prefix, long seq, long stampNanos) {
        out.writeByte(SocketIoWire.MESSAGE).writeByte(SocketIoWire.EVENT);
        out.writeCharSequence(Long.toString(seq + 1), StandardCharsets.US_ASCII);
        out.writeBytes(prefix);
        out.writeCharSequence(Long.toString(seq), StandardCharsets.US_ASCII);
        out.writeByte('-');
        for (int i = 0; i < StampedPayload.STAMP_LENGTH; i++) {
            out.writeByte(HEX[(int) (stampNanos >>> (60 - 4 * i)) & 0xF]);
        }
        out.writeByte('"').writeByte('}').writeByte(']');
    }

    /** Writes the receipt of message {@code id}: {@code 42["message:delivered",{"id":<id>}]}. */
    static void writeDelivered(ByteBuf out, long id) {
        out.writeBytes(DELIVERED_PREFIX);
        out.writeCharSequence(Long.toString(id), StandardCharsets.US_ASCII);
        out.writeBytes(DELIVERED_SUFFIX);
    }

    /** Whether an EVENT packet is a room message, {@code 42["message",...]} (not {@code message:status}). */
    static boolean isMessage(ByteBuf packet) {
        return SocketIoWire.isEvent(packet, MESSAGE_PREFIX);
    }

    /** The server's id of the message in a {@code message} event or a send's ack: its first {@code "id":}. */
    static long messageId(ByteBuf packet) {
        return PushText.id(packet);
    }

    /** What the first {@code clientId} of {@code packet} says, or null if it is not one of this scenario's. */
    static Stamp stamp(ByteBuf packet) {
        int i = indexOf(packet, CLIENT_ID_FIELD, packet.readerIndex());
        if (i < 0) {
            return null;
        }
        int end = packet.writerIndex();
        int from = i + CLIENT_ID_FIELD.length;
        long user = PushText.digits(packet, from, end);
        int dash = from + digitCount(packet, from, end);
        if (user < 0 || user > Integer.MAX_VALUE || dash >= end || packet.getByte(dash) != '-') {
            return null;
        }
        long seq = PushText.digits(packet, dash + 1, end);
        int stampAt = dash + 1 + digitCount(packet, dash + 1, end);
        if (seq < 0 || seq > Integer.MAX_VALUE || stampAt >= end || packet.getByte(stampAt) != '-' || !StampedPayload.isStamp(packet, stampAt + 1)
                || stampAt + 1 + StampedPayload.STAMP_LENGTH >= end
                || packet.getByte(stampAt + 1 + StampedPayload.STAMP_LENGTH) != '"') {
            return null;
        }
        return new Stamp((int) user, seq, StampedPayload.readStamp(packet, stampAt + 1));
    }

    /** Whether an ACK packet says {@code "ok":true}. */
    static boolean isOk(ByteBuf ack) {
        return indexOf(ack, OK_TRUE, ack.readerIndex()) >= 0;
    }

    /** The {@code code} of a refusal ({@code {"ok":false,"code":"rate_limited",...}}), or {@code "no code"}. */
    static String code(ByteBuf ack) {
        int i = indexOf(ack, CODE_FIELD, ack.readerIndex());
        if (i < 0) {
            return "no code";
        }
        int from = i + CODE_FIELD.length;
        int end = Math.min(ack.writerIndex(), from + MAX_CODE_LENGTH);
        int close = from;
        while (close < end && ack.getByte(close) != '"') {
            close++;
        }
        return ack.toString(from, close - from, StandardCharsets.UTF_8);
    }

    /** The first index of {@code needle} in {@code in} from {@code from}, or -1. */
    static int indexOf(ByteBuf in, byte[] needle, int from) {
        int last = in.writerIndex() - needle.length;
        outer:
        for (int i = from; i <= last; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (in.getByte(i + k) != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static int digitCount(ByteBuf in, int from, int end) {
        int i = from;
        while (i < end && in.getByte(i) >= '0' && in.getByte(i) <= '9') {
            i++;
        }
        return i - from;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
