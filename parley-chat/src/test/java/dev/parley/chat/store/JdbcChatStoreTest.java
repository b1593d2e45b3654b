package dev.parley.chat.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The store suite, against SQLite (a file in a temporary directory) and a real PostgreSQL server
 * (127.0.0.1:5432, a fresh database per test, dropped after).
 */
class JdbcChatStoreTest {
    private static final String PG_ADMIN = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private ChatStore store;
    private Runnable cleanup = () -> { };

    static Stream<String> databases() {
        return Stream.of("sqlite", "postgresql");
    }

    private ChatStore open(String vendor) throws Exception {
        store = JdbcChatStore.open(newDatabase(vendor), user(vendor), null);
        return store;
    }

    private static String user(String vendor) {
        return vendor.equals("sqlite") ? null : "postgres";
    }

    /** A new empty database; its JDBC URL. */
    private String newDatabase(String vendor) throws Exception {
        if (vendor.equals("sqlite")) {
            Path dir = Files.createTempDirectory("parley-store");
            cleanup = () -> deleteQuietly(dir);
            return "jdbc:sqlite:" + dir.resolve("chat.db");
        } else {
            String db = "parley_test_" + UUID.randomUUID().toString().replace("-", "");
            admin("CREATE DATABASE " + db);
            cleanup = () -> {
                try {
                    admin("DROP DATABASE " + db + " WITH (FORCE)");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            return "jdbc:postgresql://127.0.0.1:5432/" + db;
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aDatabaseOfTheVersionBeforeIsMigratedWithItsMessagesAndNames(String vendor) throws Exception {
        String url = newDatabase(vendor);
        JdbcChatStore.migrateTo(url, user(vendor), null, "2");
        try (Connection c = DriverManager.getConnection(url, user(vendor), null); Statement st = c.createStatement()) {
            st.execute("INSERT INTO users (token, nickname, created_at, secret_hash) VALUES ('s1', 'alice', 1, 'h')");
            st.execute("INSERT INTO rooms (name, created_at) VALUES ('general', 1)");
            st.execute("INSERT INTO messages (client_id, sender, room, recipient, body, created_at) "
                    + "VALUES ('k', 'alice', 'general', NULL, 'old', 5)");
        }
        store = JdbcChatStore.open(url, user(vendor), null);
        ChatMessage old = store.roomHistory("general", 0, 10).get(0);
        assertThat(old.text()).isEqualTo("old");
        assertThat(store.save("k", "alice", "general", null, "resent", null, 6)).isEqualTo(old);
        // The key is per conversation now, and new ids continue after the old ones.
        ChatMessage elsewhere = store.save("k", "alice", null, "bob", "private", null, 7);
        assertThat(elsewhere.id()).isGreaterThan(old.id());
        store.fillSkeletons(n -> "skeleton:" + n, n -> "room:" + n);
        assertThat(store.claimNickname("s2", "h", "al\u0131ce", "skeleton:alice")).isFalse();
        assertThat(store.claimRoom("gen\u0435ral", "room:general", 10)).isEqualTo(ChatStore.RoomClaim.LOOKALIKE);
    }

    private static void admin(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(PG_ADMIN, "postgres", null); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception e) {
            // temporary files only
        }
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
        cleanup.run();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void theProbePassesWhileTheDatabaseAnswersAndThrowsOnceItIsGone(String vendor) throws Exception {
        ChatStore opened = open(vendor);
        opened.probe(2);
        opened.close();
        store = null;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> opened.probe(2))
                .isInstanceOf(JdbcChatStore.StoreException.class).hasMessageStartingWith("cannot reach the database");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void nicknamesBelongToTheFirstSessionCaseInsensitively(String vendor) throws Exception {
        ChatStore s = open(vendor);
        assertThat(s.claimNickname("sel1", "hash1", "Alice", "alice")).isTrue();
        assertThat(s.claimNickname("sel2", "hash2", "alice", "alice")).isFalse();
        assertThat(s.claimNickname("sel1", "hash3", "carol", "carol")).isFalse(); // a selector is one user's
        // Another spelling with the same skeleton (the caller computes it) is the same name.
        assertThat(s.claimNickname("sel4", "hash4", "\u0430lice", "alice")).isFalse();
        assertThat(s.nicknamesLike("ALICE", "none")).containsExactly("Alice");
        assertThat(s.credential("sel1")).contains(new Credential("Alice", "hash1"));
        assertThat(s.credential("sel2")).isEmpty();
    }

    /**
     * Simultaneous first joins of one new room: one creates it, the others find it; none is told its own
     * room looks like another's (the load benchmark saw 11 of 300 first joins refused as look-alikes).
     */
    @ParameterizedTest
    @MethodSource("databases")
    void concurrentFirstJoinsOfOneRoomAllSucceed(String vendor) throws Exception {
        ChatStore s = open(vendor);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int r = 0; r < 30; r++) {
                String room = "race-" + r;
                java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
                List<Future<ChatStore.RoomClaim>> claims = new java.util.ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    claims.add(pool.submit(() -> {
                        start.await();
                        return s.claimRoom(room, room, 1000);
                    }));
                }
                List<ChatStore.RoomClaim> outcomes = new java.util.ArrayList<>();
                for (Future<ChatStore.RoomClaim> claim : claims) {
                    outcomes.add(claim.get());
                }
                assertThat(outcomes).as(room).containsOnly(ChatStore.RoomClaim.CREATED, ChatStore.RoomClaim.EXISTS);
                assertThat(outcomes.stream().filter(c -> c == ChatStore.RoomClaim.CREATED)).as(room).hasSize(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void messagesAreIdempotentPerSenderAndClientId(String vendor) throws Exception {
        ChatStore s = open(vendor);
        assertThat(s.claimRoom("general", "general", 10)).isEqualTo(ChatStore.RoomClaim.CREATED);
        assertThat(s.claimRoom("general", "general", 10)).isEqualTo(ChatStore.RoomClaim.EXISTS);
        assertThat(s.claimRoom("g\u0435neral", "general", 10)).isEqualTo(ChatStore.RoomClaim.LOOKALIKE);
        assertThat(s.claimRoom("other", "other", 1)).isEqualTo(ChatStore.RoomClaim.FULL);
        ChatMessage first = s.save("c-1", "alice", "general", null, "hello", null, 1000);
        ChatMessage again = s.save("c-1", "alice", "general", null, "hello (resent)", null, 2000);
        assertThat(again).isEqualTo(first);
        assertThat(first.id()).isPositive();
        assertThat(first.createdAt()).isEqualTo(1000);
        // The same client id from another sender is another message.
        assertThat(s.save("c-1", "bob", "general", null, "hi", null, 3000).id()).isNotEqualTo(first.id());
        assertThat(s.rooms()).containsExactly("general");
        // Keys are per conversation: the same client id in a private message, or another room, is another message.
        assertThat(s.save("c-1", "alice", null, "bob", "psst", null, 4000).id()).isNotEqualTo(first.id());
        assertThat(s.save("c-1", "alice", "other", null, "hi", null, 5000).id()).isNotEqualTo(first.id());
        assertThat(s.save("c-1", "alice", "general", null, "again", null, 6000)).isEqualTo(first);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void concurrentResendsStoreOneMessage(String vendor) throws Exception {
        ChatStore s = open(vendor);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<ChatMessage>> saves = Stream.generate(() -> pool.submit(
                    () -> s.save("same", "alice", "general", null, "once", null, 1))).limit(8).toList();
            long id = saves.get(0).get().id();
            for (Future<ChatMessage> f : saves) {
                assertThat(f.get().id()).isEqualTo(id);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(s.roomHistory("general", 0, 50)).hasSize(1);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void historyPagesBackwardsWithACursor(String vendor) throws Exception {
        ChatStore s = open(vendor);
        for (int i = 1; i <= 120; i++) {
            s.save("c" + i, "alice", "general", null, "m" + i, null, i);
        }
        s.save("x", "alice", "other", null, "elsewhere", null, 500);
        List<ChatMessage> newest = s.roomHistory("general", 0, 50);
        assertThat(newest).extracting(ChatMessage::text).startsWith("m71").endsWith("m120").hasSize(50);
        List<ChatMessage> older = s.roomHistory("general", newest.get(0).id(), 50);
        assertThat(older).extracting(ChatMessage::text).startsWith("m21").endsWith("m70");
        List<ChatMessage> oldest = s.roomHistory("general", older.get(0).id(), 50);
        assertThat(oldest).extracting(ChatMessage::text).startsWith("m1").endsWith("m20").hasSize(20);
        assertThat(s.roomMessagesAfter("general", newest.get(47).id(), 10)).extracting(ChatMessage::text)
                .containsExactly("m119", "m120");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void privateMessagesWaitUntilDeliveredAndTrackReads(String vendor) throws Exception {
        ChatStore s = open(vendor);
        long t = System.currentTimeMillis();
        // To someone nobody had claimed yet: never theirs (written by a version that accepted it).
        s.save("p0", "alice", null, "bob", "before bob", null, t - 60_000);
        s.claimNickname("sel-a", "h", "alice", "alice");
        s.claimNickname("sel-b", "h", "bob", "bob");
        ChatMessage pm = s.save("p1", "alice", null, "bob", "psst", null, t + 60_000);
        s.save("p2", "bob", null, "alice", "yes?", null, t + 60_001);
        assertThat(s.undelivered("bob")).containsExactly(pm);
        s.markDelivered(pm.id(), 20);
        s.markDelivered(pm.id(), 30);
        assertThat(s.message(pm.id()).orElseThrow().deliveredAt()).isEqualTo(20);
        assertThat(s.undelivered("bob")).isEmpty();
        s.markRead(pm.id(), 40);
        ChatMessage stored = s.message(pm.id()).orElseThrow();
        assertThat(stored.deliveredAt()).isEqualTo(20);
        assertThat(s.announcements(0, 10)).isEmpty();
        assertThat(stored.readAt()).isEqualTo(40);
        assertThat(s.conversation("bob", "alice", 0, 10)).extracting(ChatMessage::text).containsExactly("psst", "yes?");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void fileMetadataRoundTrips(String vendor) throws Exception {
        ChatStore s = open(vendor);
        FileMeta file = new FileMeta("f1", "cat.png", "image/png", 1234, "alice", 99);
        s.saveFile(file);
        assertThat(s.file("f1")).contains(file);
        assertThat(s.file("nope")).isEmpty();
    }

    @Test
    void anSqliteFileKeepsEverythingAcrossAReopen() throws Exception {
        Path dir = Files.createTempDirectory("parley-reopen");
        String url = "jdbc:sqlite:" + dir.resolve("chat.db");
        try (ChatStore first = JdbcChatStore.open(url, null, null)) {
            first.save("c", "alice", "general", null, "persisted", null, 5);
        }
        try (ChatStore second = JdbcChatStore.open(url, null, null)) {
            assertThat(second.roomHistory("general", 0, 10)).extracting(ChatMessage::text).containsExactly("persisted");
        }
        deleteQuietly(dir);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void editsAndDeletionsAreStoredAndPagedByTheTimeOfTheChangeThenId(String vendor) throws Exception {
        String url = newDatabase(vendor);
        // Messages written before V7 are neither edited nor deleted.
        JdbcChatStore.migrateTo(url, user(vendor), null, "5");
        try (Connection c = DriverManager.getConnection(url, user(vendor), null); Statement st = c.createStatement()) {
            st.execute("INSERT INTO messages (client_id, sender, room, recipient, body, created_at) "
                    + "VALUES ('k0', 'alice', 'r', NULL, 'before', 5)");
        }
        store = JdbcChatStore.open(url, user(vendor), null);
        ChatMessage before = store.roomHistory("r", 0, 10).get(0);
        assertThat(before.editedAt()).isNull();
        assertThat(before.isDeleted()).isFalse();
        store.saveFile(new FileMeta("f1", "a.png", "image/png", 3, "alice", 1));
        ChatMessage a = store.save("k1", "alice", "r", null, "a", "f1", 10);
        ChatMessage b = store.save("k2", "alice", "r", null, "b", null, 11);
        ChatMessage c = store.save("k3", "alice", "r", null, "c", null, 12);

        assertThat(store.editMessage(c.id(), "c2", 100)).isTrue();
        assertThat(store.editMessage(c.id(), "c2", 101)).as("the same text: nothing changes").isFalse();
        assertThat(store.editMessage(b.id(), "b2", 100)).isTrue(); // the same millisecond as c's edit
        assertThat(store.fileInUse("f1")).isTrue();
        assertThat(store.deleteMessage(a.id(), "mod", 200)).isTrue();
        assertThat(store.deleteMessage(a.id(), "mod", 201)).as("deleted once").isFalse();
        assertThat(store.editMessage(a.id(), "back", 300)).as("a deletion is final").isFalse();
        assertThat(store.fileInUse("f1")).isFalse();

        assertThat(store.message(c.id()).orElseThrow()).extracting(ChatMessage::text, ChatMessage::editedAt, ChatMessage::createdAt)
                .containsExactly("c2", 100L, 12L);
        ChatMessage tombstone = store.message(a.id()).orElseThrow();
        assertThat(tombstone).extracting(ChatMessage::text, ChatMessage::fileId, ChatMessage::deletedAt, ChatMessage::deletedBy)
                .containsExactly("", null, 200L, "mod");
        assertThat(store.roomHistory("r", 0, 10)).extracting(ChatMessage::id).containsExactly(before.id(), a.id(), b.id(), c.id());

        // By change time, then id: b and c changed in the same millisecond.
        assertThat(store.roomChanges("r", 0, 0, 10)).extracting(ChatMessage::id).containsExactly(b.id(), c.id(), a.id());
        assertThat(store.roomChanges("r", 100, b.id(), 10)).extracting(ChatMessage::id).containsExactly(c.id(), a.id());
        assertThat(store.roomChanges("r", 100, 0, 1)).extracting(ChatMessage::id).containsExactly(b.id());
        assertThat(store.roomChanges("r", 200, a.id(), 10)).isEmpty();
        assertThat(store.roomChanges("elsewhere", 0, 0, 10)).isEmpty();

        // Private: the conversation's changes, either way; a deleted message waits for no one.
        assertThat(store.claimNickname("bob-selector", "hash", "bob", "bob")).isTrue();
        long now = System.currentTimeMillis(); // private messages count from the recipient's claim
        ChatMessage p1 = store.save("p1", "alice", null, "bob", "p1", null, now + 1);
        ChatMessage p2 = store.save("p2", "alice", null, "bob", "p2", null, now + 2);
        assertThat(store.deleteMessage(p1.id(), "alice", 400)).isTrue();
        assertThat(store.conversationChanges("bob", "alice", 0, 0, 10)).extracting(ChatMessage::id).containsExactly(p1.id());
        assertThat(store.conversationChanges("bob", "carol", 0, 0, 10)).isEmpty();
        assertThat(store.undelivered("bob")).extracting(ChatMessage::id).containsExactly(p2.id());
        assertThat(store.conversations("bob", 0, 10).get(0).unread()).isEqualTo(1);
    }
}
