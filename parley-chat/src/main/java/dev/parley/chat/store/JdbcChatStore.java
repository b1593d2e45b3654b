package dev.parley.chat.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat store over JDBC: SQLite (a file under the data directory, nothing to install) or PostgreSQL,
 * with a HikariCP pool and Flyway migrations ({@code db/migration}, one schema with a placeholder for the
 * vendor's auto-increment key).
 */
public final class JdbcChatStore implements ChatStore {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcChatStore.class);
    private static final String COLUMNS =
            "id, client_id, sender, room, recipient, body, file_id, created_at, delivered_at, read_at, edited_at, deleted_at, "
            + "deleted_by";
    /**
     * A private message is its recipient's only if it was written after they claimed the name: one stored by
     * an older version to a nickname nobody had claimed then never reaches whoever claims it later.
     */
    private static final String TO_ITS_OWNER =
            "created_at >= (SELECT u.created_at FROM users u WHERE u.nickname = messages.recipient)";

    private final HikariDataSource dataSource;

    private JdbcChatStore(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Opens the store at a JDBC URL ({@code jdbc:sqlite:...} or {@code jdbc:postgresql:...}) and migrates it. */
    public static JdbcChatStore open(String jdbcUrl, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setPoolName("parley-chat");
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        boolean sqlite = jdbcUrl.startsWith("jdbc:sqlite:");
        if (sqlite) {
            // One writer at a time is SQLite's rule: a small pool, WAL so readers never wait, and a busy timeout.
            config.setMaximumPoolSize(4);
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("busy_timeout", "5000");
            config.setConnectionInitSql("PRAGMA busy_timeout = 5000");
        } else {
            config.setMaximumPoolSize(10);
        }
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            migrate(dataSource, sqlite ? "sqlite" : "postgresql");
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new JdbcChatStore(dataSource);
    }

    private static void migrate(DataSource dataSource, String vendor) {
        migrate(dataSource, vendor, "latest");
    }

    /** Migrates a database only up to {@code version}: tests build a database as an older Parley left it. */
    static void migrateTo(String jdbcUrl, String user, String password, String version) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        try (HikariDataSource dataSource = new HikariDataSource(config)) {
            migrate(dataSource, jdbcUrl.startsWith("jdbc:sqlite:") ? "sqlite" : "postgresql", version);
        }
    }

    private static void migrate(DataSource dataSource, String vendor, String target) {
        Flyway.configure(JdbcChatStore.class.getClassLoader())
                .target(target)
                .dataSource(dataSource)
                // Shared migrations, then the vendor's own where the two SQL dialects differ (versions never repeat).
                .locations("classpath:db/migration", "classpath:db/" + vendor)
                .placeholders(java.util.Map.of("identity_key", vendor.equals("sqlite")
                        ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"))
                .load()
                .migrate();
    }

    @Override
    public Optional<Credential> credential(String selector) {
        return query("SELECT nickname, secret_hash FROM sessions WHERE selector = ?",
                rs -> new Credential(rs.getString(1), rs.getString(2)), selector).stream().findFirst();
    }

    @Override
    public boolean claimNickname(String selector, String secretHash, String nickname, String skeleton,
            String passwordHash) {
        if (!query("SELECT token FROM users WHERE LOWER(nickname) = LOWER(?) OR skeleton = ?", rs -> rs.getString(1),
                nickname, skeleton).isEmpty()) {
            return false;
        }
        try {
            long now = System.currentTimeMillis();
            update("INSERT INTO users (token, secret_hash, nickname, created_at, skeleton, password_hash) "
                    + "VALUES (?, ?, ?, ?, ?, ?)", selector, secretHash, nickname, now, skeleton, passwordHash);
            addSession(selector, secretHash, nickname, now);
            return true;
        } catch (StoreException e) {
            // Another session claimed it (or a look-alike) between the check and the insert (unique constraints).
            return false;
        }
    }

    @Override
    public List<String> nicknamesLike(String nickname, String skeleton) {
        return query("SELECT nickname FROM users WHERE skeleton = ? OR LOWER(nickname) = LOWER(?)",
                rs -> rs.getString(1), skeleton, nickname);
    }

    @Override
    public RoomClaim claimRoom(String room, String skeleton, int maxRooms) {
        if (roomExists(room)) {
            return RoomClaim.EXISTS;
        }
        List<String> sameSkeleton = query("SELECT name FROM rooms WHERE skeleton = ?", rs -> rs.getString(1), skeleton);
        if (sameSkeleton.contains(room)) {
            return RoomClaim.EXISTS; // created by a concurrent join since the check above: its own key, not a look-alike
        }
        if (!sameSkeleton.isEmpty()) {
            return RoomClaim.LOOKALIKE;
        }
        // Counted, then inserted: concurrent creations may pass the cap by the number of handler threads at most.
        if (query("SELECT COUNT(*) FROM rooms", rs -> rs.getLong(1)).get(0) >= maxRooms) {
            return RoomClaim.FULL;
        }
        try {
            update("INSERT INTO rooms (name, created_at, skeleton) VALUES (?, ?, ?)", room, System.currentTimeMillis(),
                    skeleton);
            return RoomClaim.CREATED;
        } catch (StoreException e) {
            // Created concurrently, or a look-alike was.
            return roomExists(room) ? RoomClaim.EXISTS : RoomClaim.LOOKALIKE;
        }
    }

    @Override
    public List<String> idleRooms(long createdBefore, String keep, int limit) {
        return query("SELECT name FROM rooms r WHERE created_at < ? AND name <> ? AND NOT EXISTS "
                + "(SELECT 1 FROM messages m WHERE m.room = r.name) ORDER BY created_at LIMIT ?", rs -> rs.getString(1),
                createdBefore, keep, limit);
    }

    @Override
    public boolean deleteIdleRoom(String room, long createdBefore) {
        // One statement: a join's keepRoom on any node either comes first (the room is too recent) or finds it gone.
        return 1 == update("DELETE FROM rooms WHERE name = ? AND created_at < ? "
                + "AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.room = ?)", room, createdBefore, room);
    }

    @Override
    public boolean roomExists(String room) {
        return !query("SELECT name FROM rooms WHERE name = ?", rs -> rs.getString(1), room).isEmpty();
    }

    @Override
    public void fillSkeletons(UnaryOperator<String> nicknameSkeleton, UnaryOperator<String> roomSkeleton) {
        fill("users", "nickname", nicknameSkeleton);
        fill("rooms", "name", roomSkeleton);
    }

    /** Oldest first; a name whose skeleton is already taken keeps NULL (the unique index refuses it). */
    private void fill(String table, String column, UnaryOperator<String> skeleton) {
        for (String name : query("SELECT " + column + " FROM " + table + " WHERE skeleton IS NULL ORDER BY created_at",
                rs -> rs.getString(1))) {
            try {
                update("UPDATE " + table + " SET skeleton = ? WHERE " + column + " = ?", skeleton.apply(name), name);
            } catch (StoreException e) {
                LOG.warn("{} \"{}\" looks like an older one: new look-alikes of it are refused by the older", table, name);
            }
        }
    }

    @Override
    public List<String> rooms() {
        return query("SELECT name FROM rooms ORDER BY name", rs -> rs.getString(1));
    }

    @Override
    public ChatMessage save(String clientId, String sender, String room, String recipient, String text, String fileId,
            long now) {
        Optional<ChatMessage> existing = byClientKey(clientId, sender, room, recipient);
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            update("INSERT INTO messages (client_id, sender, room, recipient, body, file_id, created_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?)", clientId, sender, room, recipient, text, fileId, now);
        } catch (StoreException e) {
            // The same message stored concurrently (a resend racing the original): the first one wins.
        }
        return byClientKey(clientId, sender, room, recipient)
                .orElseThrow(() -> new StoreException("message not stored", null));
    }

    /** The message with this idempotency key: the sender's clientId in one conversation (a room, or a recipient). */
    private Optional<ChatMessage> byClientKey(String clientId, String sender, String room, String recipient) {
        return query("SELECT " + COLUMNS + " FROM messages WHERE sender = ? AND client_id = ? AND COALESCE(room, '') = ? "
                + "AND COALESCE(recipient, '') = ?", JdbcChatStore::message, sender, clientId, room == null ? "" : room,
                recipient == null ? "" : recipient).stream().findFirst();
    }

    @Override
    public List<ChatMessage> roomHistory(String room, long beforeId, int limit) {
        List<ChatMessage> newestFirst = query("SELECT " + COLUMNS + " FROM messages WHERE room = ? AND id < ? "
                + "ORDER BY id DESC LIMIT ?", JdbcChatStore::message, room, beforeId <= 0 ? Long.MAX_VALUE : beforeId, limit);
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    @Override
    public List<ChatMessage> roomMessagesAfter(String room, long afterId, int limit) {
        return query("SELECT " + COLUMNS + " FROM messages WHERE room = ? AND id > ? ORDER BY id LIMIT ?",
                JdbcChatStore::message, room, afterId, limit);
    }

    @Override
    public List<ChatMessage> conversation(String a, String b, long beforeId, int limit) {
        List<ChatMessage> newestFirst = query("SELECT " + COLUMNS + " FROM messages WHERE room IS NULL AND id < ? AND "
                + "((sender = ? AND recipient = ?) OR (sender = ? AND recipient = ?)) AND " + TO_ITS_OWNER
                + " ORDER BY id DESC LIMIT ?",
                JdbcChatStore::message, beforeId <= 0 ? Long.MAX_VALUE : beforeId, a, b, b, a, limit);
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    @Override
    public List<Conversation> conversations(String user, long beforeId, int limit) {
        // A deleted message is not unread: there is nothing left to read.
        return query("SELECT partner, MAX(id) AS last_id, SUM(CASE WHEN recipient = ? AND read_at IS NULL AND deleted_at IS NULL "
                + "THEN 1 ELSE 0 END) FROM (SELECT CASE WHEN sender = ? THEN recipient ELSE sender END AS partner, id, "
                + "recipient, read_at, deleted_at "
                + "FROM messages WHERE room IS NULL AND recipient IS NOT NULL AND (sender = ? OR recipient = ?) AND "
                + TO_ITS_OWNER + ") c GROUP BY partner HAVING MAX(id) < ? ORDER BY last_id DESC LIMIT ?",
                rs -> new Conversation(rs.getString(1), rs.getLong(2), rs.getInt(3)),
                user, user, user, user, beforeId <= 0 ? Long.MAX_VALUE : beforeId, limit);
    }

    @Override
    public List<ChatMessage> undelivered(String recipient) {
        // A message deleted before it reached its recipient is not delivered as a tombstone: it never arrived.
        return query("SELECT " + COLUMNS + " FROM messages WHERE recipient = ? AND delivered_at IS NULL AND "
                + "deleted_at IS NULL AND " + TO_ITS_OWNER + " ORDER BY id", JdbcChatStore::message, recipient);
    }

    @Override
    public List<ChatMessage> announcements(long beforeId, int limit) {
        List<ChatMessage> newestFirst = query("SELECT " + COLUMNS + " FROM messages WHERE room IS NULL AND recipient IS NULL "
                + "AND id < ? ORDER BY id DESC LIMIT ?", JdbcChatStore::message, beforeId <= 0 ? Long.MAX_VALUE : beforeId,
                limit);
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    @Override
    public Optional<ChatMessage> message(long id) {
        return query("SELECT " + COLUMNS + " FROM messages WHERE id = ?", JdbcChatStore::message, id).stream().findFirst();
    }

    @Override
    public boolean markDelivered(long id, long now) {
        return 1 == update("UPDATE messages SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL", now, id);
    }

    @Override
    public boolean markRead(long id, long now) {
        return 1 == update("UPDATE messages SET read_at = ? WHERE id = ? AND read_at IS NULL", now, id);
    }

    @Override
    public void saveFile(FileMeta file) {
        update("INSERT INTO files (id, name, content_type, size, uploader, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                file.id(), file.name(), file.contentType(), file.size(), file.uploader(), file.createdAt());
    }

    @Override
    public Optional<FileMeta> file(String id) {
        return query("SELECT id, name, content_type, size, uploader, created_at FROM files WHERE id = ?",
                rs -> new FileMeta(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                        rs.getLong(6)), id).stream().findFirst();
    }

    @Override
    public void probe(int timeoutSeconds) {
        // Connection.isValid runs the driver's own cheapest round trip (PostgreSQL: an empty query).
        try (Connection c = dataSource.getConnection()) {
            if (!c.isValid(timeoutSeconds)) {
                throw new StoreException("the database connection is not valid", null);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot reach the database: " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> filesUploadedBefore(long createdBefore, int limit) {
        return query("SELECT id FROM files WHERE created_at < ? ORDER BY created_at LIMIT ?", rs -> rs.getString(1),
                createdBefore, limit);
    }

    @Override
    public void deleteFile(String id) {
        update("DELETE FROM files WHERE id = ?", id);
    }

    @Override
    public long uploadedBytes(String uploader) {
        return query("SELECT COALESCE(SUM(size), 0) FROM files WHERE uploader = ?", rs -> rs.getLong(1), uploader).get(0);
    }

    @Override
    public void close() {
        dataSource.close();
    }

    @Override
    public Optional<String> passwordHash(String nickname) {
        return query("SELECT password_hash FROM users WHERE nickname = ? AND password_hash IS NOT NULL",
                rs -> rs.getString(1), nickname).stream().findFirst();
    }

    @Override
    public void setPasswordHash(String nickname, String passwordHash) {
        update("UPDATE users SET password_hash = ? WHERE nickname = ?", passwordHash, nickname);
    }

    @Override
    public void addSession(String selector, String secretHash, String nickname, long now) {
        update("INSERT INTO sessions (selector, nickname, secret_hash, created_at) VALUES (?, ?, ?, ?)", selector,
                nickname, secretHash, now);
    }

    @Override
    public int revokeSessions(String nickname) {
        return update("DELETE FROM sessions WHERE nickname = ?", nickname);
    }

    @Override
    public boolean editMessage(long id, String text, long now) {
        return 1 == update("UPDATE messages SET body = ?, edited_at = ?, changed_at = ? WHERE id = ? AND deleted_at IS NULL "
                + "AND body <> ?", text, now, now, id, text);
    }

    @Override
    public boolean deleteMessage(long id, String by, long now) {
        // Nothing of the text nor the file is kept: the row stays only as the tombstone of its place in history.
        return 1 == update("UPDATE messages SET body = '', file_id = NULL, deleted_at = ?, deleted_by = ?, changed_at = ? "
                + "WHERE id = ? AND deleted_at IS NULL", now, by, now, id);
    }

    @Override
    public List<ChatMessage> roomChanges(String room, long since, long afterId, int limit) {
        return changes("room = ?", since, afterId, limit, room);
    }

    @Override
    public List<ChatMessage> conversationChanges(String a, String b, long since, long afterId, int limit) {
        return changes("room IS NULL AND ((sender = ? AND recipient = ?) OR (sender = ? AND recipient = ?)) AND "
                + TO_ITS_OWNER, since, afterId, limit, a, b, b, a);
    }

    @Override
    public boolean fileInUse(String fileId) {
        return !query("SELECT id FROM messages WHERE file_id = ? LIMIT 1", rs -> rs.getLong(1), fileId).isEmpty();
    }

    /** Changed messages matching {@code where}, after the cursor (change time, then id), in that order. */
    private List<ChatMessage> changes(String where, long since, long afterId, int limit, Object... whereParams) {
        Object[] params = new Object[whereParams.length + 4];
        params[0] = since;
        params[1] = since;
        params[2] = afterId;
        System.arraycopy(whereParams, 0, params, 3, whereParams.length);
        params[params.length - 1] = limit;
        return query("SELECT " + COLUMNS + " FROM messages WHERE changed_at IS NOT NULL AND (changed_at > ? OR "
                + "(changed_at = ? AND id > ?)) AND " + where + " ORDER BY changed_at, id LIMIT ?", JdbcChatStore::message,
                params);
    }

    // ---- JDBC plumbing ----

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private static ChatMessage message(ResultSet rs) throws SQLException {
        return new ChatMessage(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getLong(8), nullableLong(rs, 9), nullableLong(rs, 10),
                nullableLong(rs, 11), nullableLong(rs, 12), rs.getString(13));
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new StoreException(sql, e);
        }
    }

    private int update(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(sql, e);
        }
    }

    private static void bind(PreparedStatement ps, Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p == null) {
                ps.setNull(i + 1, Types.VARCHAR);
            } else if (p instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (p instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else {
                ps.setString(i + 1, p.toString());
            }
        }
    }

    // ---- mentions (docs/chat.md, "Mentions") ----

    @Override
    public void saveMentions(long messageId, String room, List<String> nicknames) {
        for (String nickname : nicknames) {
            if (query("SELECT 1 FROM mentions WHERE message_id = ? AND nickname = ?", rs -> 1, messageId, nickname)
                    .isEmpty()) {
                try {
                    update("INSERT INTO mentions (message_id, nickname, room) VALUES (?, ?, ?)", messageId, nickname, room);
                } catch (StoreException e) {
                    // Recorded concurrently by a resend racing the original (the primary key): once is enough.
                }
            }
        }
    }

    @Override
    public java.util.Map<Long, List<String>> mentionsOf(List<Long> messageIds) {
        java.util.Map<Long, List<String>> byMessage = new java.util.HashMap<>();
        if (messageIds.isEmpty()) {
            return byMessage;
        }
        String marks = String.join(", ", Collections.nCopies(messageIds.size(), "?"));
        for (Object[] row : query("SELECT message_id, nickname FROM mentions WHERE message_id IN (" + marks + ")",
                rs -> new Object[] {rs.getLong(1), rs.getString(2)}, messageIds.toArray())) {
            byMessage.computeIfAbsent((Long) row[0], id -> new ArrayList<>()).add((String) row[1]);
        }
        // In Java's order, not the database's collation: the same list from SQLite and PostgreSQL, live and stored.
        byMessage.values().forEach(Collections::sort);
        return byMessage;
    }

    @Override
    public List<MentionCount> unreadMentions(String nickname) {
        return query("SELECT room, COUNT(*) FROM mentions WHERE nickname = ? AND read_at IS NULL GROUP BY room "
                + "ORDER BY room", rs -> new MentionCount(rs.getString(1), rs.getInt(2)), nickname);
    }

    @Override
    public int markMentionsRead(String nickname, String room, long upToId, long now) {
        return update("UPDATE mentions SET read_at = ? WHERE nickname = ? AND room = ? AND message_id <= ? "
                + "AND read_at IS NULL", now, nickname, room, upToId);
    }

    @Override
    public List<String> replaceMentions(long messageId, String room, List<String> nicknames) {
        List<String> before = mentionsOf(List.of(messageId)).getOrDefault(messageId, List.of());
        for (String gone : before) {
            if (!nicknames.contains(gone)) {
                update("DELETE FROM mentions WHERE message_id = ? AND nickname = ?", messageId, gone);
            }
        }
        List<String> added = nicknames.stream().filter(n -> !before.contains(n)).toList();
        saveMentions(messageId, room, added);
        return added;
    }

    @Override
    public boolean keepRoom(String room, long now, long staleBefore) {
        // rooms.created_at is the time the expiry counts from: a creation, or a join that kept the room.
        return 1 == update("UPDATE rooms SET created_at = ? WHERE name = ? AND created_at < ?", now, room, staleBefore)
                || roomExists(room);
    }

    /** A database error; the store's callers treat it as a server error. */
    public static final class StoreException extends RuntimeException {
        StoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    // ---- search (docs/chat.md, "Search") ----

    @Override
    public List<ChatMessage> search(MessageSearch search) {
        if (!search.hasScope()) {
            return List.of();
        }
        SearchSql dialect = SearchSql.of(dataSource.getJdbcUrl());
        List<Object> params = new ArrayList<>();
        params.add(dialect.query(search.words()));
        params.add(search.beforeId() <= 0 ? Long.MAX_VALUE : search.beforeId());
        List<String> visible = new ArrayList<>();
        if (!search.rooms().isEmpty()) {
            visible.add("room IN (" + String.join(", ", Collections.nCopies(search.rooms().size(), "?")) + ")");
            params.addAll(search.rooms());
        }
        if (search.conversations()) {
            if (search.with() == null) {
                visible.add("(room IS NULL AND recipient IS NOT NULL AND (sender = ? OR recipient = ?) AND "
                        + TO_ITS_OWNER + ")");
                params.addAll(List.of(search.user(), search.user()));
            } else {
                visible.add("(room IS NULL AND ((sender = ? AND recipient = ?) OR (sender = ? AND recipient = ?)) AND "
                        + TO_ITS_OWNER + ")");
                params.addAll(List.of(search.user(), search.with(), search.with(), search.user()));
            }
        }
        params.add(search.limit());
        return query(dialect.select(COLUMNS, String.join(" OR ", visible)), JdbcChatStore::message, params.toArray());
    }

    @Override
    public List<ChatMessage> conversationAfter(String a, String b, long afterId, int limit) {
        return query("SELECT " + COLUMNS + " FROM messages WHERE room IS NULL AND id > ? AND "
                + "((sender = ? AND recipient = ?) OR (sender = ? AND recipient = ?)) AND " + TO_ITS_OWNER
                + " ORDER BY id LIMIT ?", JdbcChatStore::message, afterId, a, b, b, a, limit);
    }
}
