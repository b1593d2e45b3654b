package dev.parley.adapter.redis.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sharded protocol's rules without Redis: channel choice per mode, JSON or MessagePack, malformed input. */
class ShardedMessagesTest {
    private static final BroadcastOptions NONE = BroadcastOptions.of(List.of(), List.of(), BroadcastFlags.NONE);

    @Test
    void aRoomOfTwentyCharactersLooksLikeASocketIdInDynamicModeOnly() {
        ShardedChannels dynamic = new ShardedChannels("p", "/chat", SubscriptionMode.DYNAMIC);
        String twenty = "a".repeat(20);
        assertThat(dynamic.channelOf(ClusterMessageType.BROADCAST, null, List.of(twenty))).isEqualTo("p#/chat#");
        assertThat(dynamic.channelOf(ClusterMessageType.BROADCAST, null, List.of("a".repeat(19))))
                .isEqualTo("p#/chat#" + "a".repeat(19) + "#");
        assertThat(dynamic.channelOf(ClusterMessageType.BROADCAST, null, List.of("a".repeat(21))))
                .isEqualTo("p#/chat#" + "a".repeat(21) + "#");
        assertThat(new ShardedChannels("p", "/chat", SubscriptionMode.DYNAMIC_PRIVATE)
                .channelOf(ClusterMessageType.BROADCAST, null, List.of(twenty))).isEqualTo("p#/chat#" + twenty + "#");
        assertThat(dynamic.channelOf(ClusterMessageType.BROADCAST, "req", List.of("room"))).as("with ack")
                .isEqualTo("p#/chat#");
        assertThat(dynamic.channelOf(ClusterMessageType.SOCKETS_JOIN, null, List.of("room"))).isEqualTo("p#/chat#");
        assertThat(dynamic.responses("0123456789abcdef")).isEqualTo("p#/chat#0123456789abcdef#");
        assertThat(dynamic.subscribesTo(false)).isTrue();
        assertThat(dynamic.subscribesTo(true)).as("a local socket's own room").isFalse();
        assertThat(new ShardedChannels("p", "/", SubscriptionMode.STATIC).subscribesTo(false)).isFalse();
        assertThat(new ShardedChannels("p", "/", SubscriptionMode.DYNAMIC_PRIVATE).subscribesTo(true)).isTrue();
    }

    @Test
    void modesAreReadByNodesNames() {
        assertThat(SubscriptionMode.of("dynamic-private")).isEqualTo(SubscriptionMode.DYNAMIC_PRIVATE);
        assertThat(SubscriptionMode.of("Static")).isEqualTo(SubscriptionMode.STATIC);
        assertThatThrownBy(() -> SubscriptionMode.of("dynamic_private")).hasMessageContaining("static, dynamic");
    }

    @Test
    void binaryAtAnyDepthMakesMessagePackOnlyForTypesThatMayCarryIt() throws WireFormatException {
        byte[] json = ClusterMessage.broadcast("u", "/", List.of("ev", Map.of("a", List.of(1))), NONE).encode();
        assertThat(json[0]).isEqualTo((byte) '{');
        byte[] packed = ClusterMessage.broadcast("u", "/", List.of("ev", Map.of("a", List.of(new byte[] {1}))), NONE)
                .encode();
        assertThat(packed[0]).as("fixmap of 4").isEqualTo((byte) 0x84);
        ClusterMessage decoded = ClusterMessage.decode(packed);
        assertThat(decoded.type()).isEqualTo(ClusterMessageType.BROADCAST);
        assertThat((byte[]) ((List<?>) ((Map<?, ?>) decoded.packetData().get(1)).get("a")).get(0)).containsExactly(1);
        assertThat(ClusterMessage.serverSideEmitResponse("u", "/", "r", new byte[] {2}).encode()[0]).isEqualTo((byte) 0x84);
        assertThat(ClusterMessage.broadcastClientCount("u", "/", "r", 3).encode()[0]).isEqualTo((byte) '{');
    }

    @Test
    void malformedMessagesFailAsWireFormatErrors() {
        for (String bad : List.of("{\"type\":3}", "{\"type\":\"3\",\"data\":{},\"uid\":\"u\",\"nsp\":\"/\"}",
                "{\"type\":3,\"data\":[],\"uid\":\"u\",\"nsp\":\"/\"}", "[1,2]", "{")) {
            assertThatThrownBy(() -> ClusterMessage.decode(bad.getBytes(StandardCharsets.UTF_8))).as(bad)
                    .isInstanceOf(WireFormatException.class);
        }
        assertThatThrownBy(() -> ClusterMessage.decode(new byte[] {(byte) 0xc1})).isInstanceOf(WireFormatException.class);
    }
}
