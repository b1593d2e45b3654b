package dev.parley.chat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;

/**
 * {@link ChatProtocolIT} end to end on a real PostgreSQL server (127.0.0.1:5432, user {@code postgres}): a
 * fresh database per test, kept across the test's restarts, dropped after.
 */
class ChatProtocolPostgresIT extends ChatProtocolIT {
    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/";
    private String db;

    @Override
    protected ChatConfig.Builder database(ChatConfig.Builder builder) throws Exception {
        if (db == null) {
            db = "parley_chat_it_" + UUID.randomUUID().toString().replace("-", "");
            admin("CREATE DATABASE " + db);
        }
        return builder.database(PG + db, "postgres", null);
    }

    @Override
    protected void dropDatabase() throws Exception {
        if (db != null) {
            admin("DROP DATABASE " + db + " WITH (FORCE)");
        }
    }

    private static void admin(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(PG + "postgres", "postgres", null);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
