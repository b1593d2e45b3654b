package dev.parley.app;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh database on the real PostgreSQL server of the tests (127.0.0.1:5432, user {@code postgres}, trust
 * authentication), for chat nodes that share one ({@code --db}); dropped on close, connections and all.
 */
final class PostgresDatabase implements AutoCloseable {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    static final String USER = "postgres";

    private final String name;

    private PostgresDatabase(String name) {
        this.name = name;
    }

    static PostgresDatabase create() throws SQLException {
        String name = "parley_app_it_" + UUID.randomUUID().toString().replace("-", "");
        admin("CREATE DATABASE " + name);
        return new PostgresDatabase(name);
    }

    /** The value of {@code --db}. */
    String jdbcUrl() {
        return SERVER + name;
    }

    @Override
    public void close() throws SQLException {
        admin("DROP DATABASE " + name + " WITH (FORCE)");
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", USER, null);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
