package dev.parley.adapter.redis.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Golden fixtures captured from the real {@code @socket.io/redis-streams-adapter} 0.3.1
 * ({@code parley-testkit/node/streams-capture.mjs}, saved as {@code streams-capture.jsonl}): every stream
 * entry, pub/sub payload and session record is read and written back byte for byte, fields in Node's order.
 */
class StreamEntriesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<Map<String, Object>> capture() throws IOException {
        List<Map<String, Object>> lines = new ArrayList<>();
        try (InputStream in = StreamEntriesTest.class.getResourceAsStream("streams-capture.jsonl")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    lines.add(JSON.readValue(line, new TypeReference<LinkedHashMap<String, Object>>() { }));
                }
            }
        }
        return lines;
    }

    @Test
    void everyStreamEntryIsWrittenBackAsNodeWroteIt() throws Exception {
        checkEntries(capture());
    }

    static int checkEntries(List<Map<String, Object>> capture) throws WireFormatException {
        int count = 0;
        for (Map<String, Object> line : capture) {
            if (!"entry".equals(line.get("kind"))) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, String> fields = (Map<String, String>) line.get("fields");
            ClusterMessage message = StreamEntries.fromFields(fields);
            assertThat(new ArrayList<>(StreamEntries.toFields(message).entrySet()))
                    .as("entry %s", line.get("id")).containsExactlyElementsOf(fields.entrySet());
            count++;
        }
        assertThat(count).isEqualTo(8);
        return count;
    }

    @Test
    void entriesReadAsTheirTypes() throws Exception {
        List<ClusterMessage> messages = new ArrayList<>();
        for (Map<String, Object> line : capture()) {
            if ("entry".equals(line.get("kind"))) {
                @SuppressWarnings("unchecked")
                Map<String, String> fields = (Map<String, String>) line.get("fields");
                messages.add(StreamEntries.fromFields(fields));
            }
        }
        assertThat(messages).extracting(ClusterMessage::type).containsExactly(ClusterMessageType.BROADCAST,
                ClusterMessageType.BROADCAST, ClusterMessageType.BROADCAST, ClusterMessageType.BROADCAST,
                ClusterMessageType.BROADCAST, ClusterMessageType.SOCKETS_JOIN, ClusterMessageType.SOCKETS_LEAVE,
                ClusterMessageType.DISCONNECT_SOCKETS);
        assertThat(messages.get(0).packetData()).containsExactly("hello", "world", 1, Map.of("a", java.util.Arrays.asList(true, null)));
        assertThat(messages.get(1).opts().rooms()).containsExactly("room1");
        assertThat(messages.get(1).opts().except()).containsExactly("r3");
        // Binary travels as base64 MessagePack: the Buffers come back as bytes.
        assertThat((byte[]) messages.get(2).packetData().get(1)).containsExactly(1, 2, 3);
        assertThat(messages.get(5).rooms()).containsExactly("x", "y");
        assertThat(messages.get(7).close()).isTrue();
    }

    @Test
    void everyPubSubPayloadIsWrittenBackAsNodeWroteIt() throws Exception {
        checkPayloads(capture());
    }

    static void checkPayloads(List<Map<String, Object>> capture) throws WireFormatException {
        int count = 0;
        for (Map<String, Object> line : capture) {
            if ("publish".equals(line.get("kind"))) {
                byte[] payload = Base64.getDecoder().decode((String) line.get("base64"));
                assertThat(StreamEntries.toPayload(StreamEntries.fromPayload(payload))).as("%s", line.get("label"))
                        .isEqualTo(payload);
                count++;
            }
        }
        assertThat(count).as("serverSideEmit and a broadcast with acks").isEqualTo(2);
    }

    @Test
    void theSessionRecordIsWrittenBackAsNodeWroteIt() throws Exception {
        checkSession(capture());
    }

    static void checkSession(List<Map<String, Object>> capture) throws WireFormatException {
        Map<String, Object> line = capture.stream().filter(l -> "session".equals(l.get("kind"))).findFirst().orElseThrow();
        String stored = (String) line.get("value");
        StoredSession session = StoredSession.decode(stored);
        assertThat((String) line.get("key")).endsWith(":session:" + session.pid());
        assertThat(session.rooms()).hasSize(4).startsWith(session.sid()).contains("room1", "r2", "y");
        assertThat(session.data()).isEqualTo(Map.of("name", "capture", "n", 1));
        assertThat(session.encode()).isEqualTo(stored);
    }

    @Test
    void malformedEntriesAreRefused() {
        assertThatThrownBy(() -> StreamEntries.fromFields(Map.of("uid", "u", "nsp", "/"))).isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> StreamEntries.fromFields(Map.of("uid", "u", "nsp", "/", "type", "99")))
                .isInstanceOf(UnknownTypeException.class);
        assertThatThrownBy(() -> StreamEntries.fromFields(Map.of("uid", "u", "nsp", "/", "type", "3", "data", "!!")))
                .isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> StoredSession.decode("not base64 !")).isInstanceOf(WireFormatException.class);
    }

    @Test
    void streamIdsAreOffsets() {
        assertThat(StreamIds.isValid("1796615840600-0")).isTrue();
        assertThat(StreamIds.isValid("abc-0")).isFalse();
        assertThat(StreamIds.isValid("1-")).isFalse();
        assertThat(StreamIds.isValid(null)).isFalse();
        assertThat(StreamIds.next("5-9")).isEqualTo("5-10");
        assertThat(StreamIds.next("5-18446744073709551615")).isEqualTo("6-0");
        assertThat(StreamIds.compare("10-0", "9-5")).isPositive();
        assertThat(StreamIds.compare("9-5", "9-10")).isNegative();
        assertThat(StreamIds.compare("9-5", "9-5")).isZero();
    }

    /** Node's computeStreamName, values from Node: a negative hash keeps its sign ("-0" prints as "0"). */
    @Test
    void namespacesAreSpreadOverStreamsAsNodeSpreadsThem() {
        assertThat(StreamIds.streamOf("/chat", "socket.io", 1)).isEqualTo("socket.io");
        assertThat(StreamIds.streamOf("/", "s", 4)).isEqualTo("s-3");
        assertThat(StreamIds.streamOf("/admin", "s", 4)).isEqualTo("s-0");
        assertThat(StreamIds.streamOf("/été", "s", 4)).isEqualTo("s-3");
        assertThat(StreamIds.streamOf("/notifications", "s", 4)).isEqualTo("s--3");
        assertThat(StreamIds.streamOf("/orders-and-payments", "s", 4)).isEqualTo("s-0");
        assertThat(StreamIds.streamOf("/room-service", "s", 4)).isEqualTo("s--2");
    }
}
