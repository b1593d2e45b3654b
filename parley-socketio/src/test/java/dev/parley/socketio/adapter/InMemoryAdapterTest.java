package dev.parley.socketio.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.socketio.RemoteSocket;
import dev.parley.socketio.parser.Packet;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class InMemoryAdapterTest {
    /** A namespace with no sockets to write to and recovery off: only the room bookkeeping is under test. */
    private static final AdapterNamespace NAMESPACE = new AdapterNamespace() {
        @Override
        public String name() {
            return "/";
        }

        @Override
        public OutgoingPacket prepare(Packet packet) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean write(String socketId, OutgoingPacket packet, BroadcastFlags flags) {
            return false;
        }

        @Override
        public boolean writeExpectingAck(String socketId, OutgoingPacket packet, BroadcastFlags flags,
                Consumer<List<Object>> ack) {
            return false;
        }

        @Override
        public Optional<RemoteSocket> localSocket(String socketId) {
            return Optional.empty();
        }

        @Override
        public Set<String> localSocketIds() {
            return Set.of();
        }

        @Override
        public Duration maxDisconnectionDuration() {
            return null;
        }

        @Override
        public int recoveryMaxPackets() {
            return 0;
        }

        @Override
        public long recoveryMaxBytes() {
            return 0;
        }

        @Override
        public void schedule(Duration delay, Runnable task) {
        }

        @Override
        public long nextAckId() {
            return 0;
        }

        @Override
        public void receiveServerSideEmit(List<Object> eventAndArgs, Consumer<Object> ack) {
        }
    };

    /** Each client sends the room's name, so each join brings a String of its own. */
    private static Set<String> lobby() {
        return Set.of(new String("lobby"));
    }

    private static String lobbyOf(InMemoryAdapter adapter, String socketId) {
        return adapter.socketRooms(socketId).stream().filter(r -> r.equals("lobby")).findFirst().orElseThrow();
    }

    @Test
    void socketsJoiningARoomShareItsNameInsteadOfKeepingTheirOwnCopy() {
        InMemoryAdapter adapter = new InMemoryAdapter(NAMESPACE);
        for (String id : List.of("a", "b", "c", "d")) {
            adapter.addAll(id, Set.of(id));
            adapter.addAll(id, lobby());
        }
        assertThat(adapter.sockets(Set.of("lobby"))).containsExactlyInAnyOrder("a", "b", "c", "d");
        assertThat(adapter.socketRooms("c")).containsExactlyInAnyOrder("c", "lobby");
        // From the second member on the room carries its name: the later members hold that one instance.
        assertThat(lobbyOf(adapter, "c")).isSameAs(lobbyOf(adapter, "b"));
        assertThat(lobbyOf(adapter, "d")).isSameAs(lobbyOf(adapter, "b"));

        adapter.del("b", "lobby");
        adapter.addAll("b", lobby());
        assertThat(adapter.sockets(Set.of("lobby"))).containsExactlyInAnyOrder("a", "b", "c", "d");
        assertThat(lobbyOf(adapter, "b")).isSameAs(lobbyOf(adapter, "c"));
        for (String id : List.of("a", "b", "c", "d")) {
            adapter.del(id, "lobby");
        }
        assertThat(adapter.rooms()).containsExactlyInAnyOrder("a", "b", "c", "d");
        assertThat(adapter.socketRooms("a")).containsExactly("a");
    }
}
