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
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The chat store over JDBC: SQLite (a file under the data directory, nothing to install) or PostgreSQL,
 * with a HikariCP pool and Flyway migrations ({@code db/migration}, one schema with a placeholder for the
 * vendor's auto-increment key).
 */
public final class JdbcChatStore implements ChatStore {
    private static final String COLUMNS =
            "id, client_id, sender, room, recipient, body, file_id, created_at, delivered_at, read_at";

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
        Flyway.configure(JdbcChatStore.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .placeholders(java.util.Map.of("identity_key", vendor.equals("sqlite")
                        ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"))
                .load()
                .migrate();
    }

    @Override
    public Optional<Credential> credential(String selector) {
        return query("SELECT nickname, secret_hash FROM users WHERE token = ?",
                rs -> new Credential(rs.getString(1), rs.getString(2)), selector).stream().findFirst();
    }

    @Override
    public boolean claimNickname(String selector, String secretHash, String nickname) {
        if (!query("SELECT token FROM users WHERE LOWER(nickname) = LOWER(?)", rs -> rs.getString(1), nickname)
                .isEmpty()) {
            return false;
        }
        try {
            update("INSERT INTO users (token, secret_hash, nickname, created_at) VALUES (?, ?, ?, ?)", selector,
                    secretHash, nickname, System.currentTimeMillis());
            return true;
        } catch (StoreException e) {
            // Another session claimed it between the check and the insert (unique constraint).
            return false;
        }
    }

    @Override
    public void ensureRoom(String room) {
        if (query("SELECT name FROM rooms WHERE name = ?", rs -> rs.getString(1), room).isEmpty()) {
            try {
                update("INSERT INTO rooms (name, created_at) VALUES (?, ?)", room, System.currentTimeMillis());
            } catch (StoreException e) {
                // Created concurrently: fine.
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
        Optional<ChatMessage> existing = bySenderAndClientId(sender, clientId);
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            update("INSERT INTO messages (client_id, sender, room, recipient, body, file_id, created_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?)", clientId, sender, room, recipient, text, fileId, now);
        } catch (StoreException e) {
            // The same message stored concurrently (a resend racing the original): the first one wins.
        }
        return bySenderAndClientId(sender, clientId).orElseThrow(() -> new StoreException("message not stored", null));
    }

    private Optional<ChatMessage> bySenderAndClientId(String sender, String clientId) {
        return query("SELECT " + COLUMNS + " FROM messages WHERE sender = ? AND client_id = ?", JdbcChatStore::message,
                sender, clientId).stream().findFirst();
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
                + "((sender = ? AND recipient = ?) OR (sender = ? AND recipient = ?)) ORDER BY id DESC LIMIT ?",
                JdbcChatStore::message, beforeId <= 0 ? Long.MAX_VALUE : beforeId, a, b, b, a, limit);
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    @Override
    public List<ChatMessage> undelivered(String recipient) {
        return query("SELECT " + COLUMNS + " FROM messages WHERE recipient = ? AND delivered_at IS NULL ORDER BY id",
                JdbcChatStore::message, recipient);
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
    public void close() {
        dataSource.close();
    }

    // ---- JDBC plumbing ----

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private static ChatMessage message(ResultSet rs) throws SQLException {
        long delivered = rs.getLong(9);
        Long deliveredAt = rs.wasNull() ? null : delivered;
        long read = rs.getLong(10);
        Long readAt = rs.wasNull() ? null : read;
        return new ChatMessage(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getLong(8), deliveredAt, readAt);
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

    /** A database error; the store's callers treat it as a server error. */
    public static final class StoreException extends RuntimeException {
        StoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
