package dev.parley.chat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh database on the real PostgreSQL server of the tests (127.0.0.1:5432, user {@code postgres}) for one
 * test: created on first use, kept across the test's restarts, dropped after.
 */
final class PostgresDatabase {
    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/";
    private String db;

    /** Points the builder at the test's database, creating it the first time. */
    ChatConfig.Builder use(ChatConfig.Builder builder) throws Exception {
        if (db == null) {
            db = "parley_chat_it_" + UUID.randomUUID().toString().replace("-", "");
            admin("CREATE DATABASE " + db);
        }
        return builder.database(PG + db, "postgres", null);
    }

    void drop() throws Exception {
        if (db != null) {
            admin("DROP DATABASE " + db + " WITH (FORCE)");
            db = null;
        }
    }

    private static void admin(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(PG + "postgres", "postgres", null);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
