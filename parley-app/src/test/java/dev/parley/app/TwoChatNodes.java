package dev.parley.app;

import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Two {@code parley serve} chat nodes on one fresh PostgreSQL database and one Redis key prefix (in the CI's Redis),
 * as the cluster tests of a class share them; {@link #close()} stops both and drops what they left.
 */
final class TwoChatNodes implements AutoCloseable {
    static final String REDIS = "redis://127.0.0.1:6379";

    final String key;
    final ServeProcess a;
    final ServeProcess b;
    private final PostgresDatabase db;

    private TwoChatNodes(String key, PostgresDatabase db, ServeProcess a, ServeProcess b) {
        this.key = key;
        this.db = db;
        this.a = a;
        this.b = b;
    }

    /** Starts both nodes with the chat's environment and {@code moreEnv}, under a new key {@code keyPrefix<uuid>}. */
    static TwoChatNodes start(String keyPrefix, Path dataDir, Map<String, String> moreEnv) throws Exception {
        String key = keyPrefix + UUID.randomUUID();
        PostgresDatabase db = PostgresDatabase.create();
        Map<String, String> env = new HashMap<>(Map.of("PARLEY_APP", "chat", "PARLEY_PORT", "0", "PARLEY_DB", db.jdbcUrl(),
                "PARLEY_DB_USER", PostgresDatabase.USER, "PARLEY_REDIS", REDIS, "PARLEY_REDIS_KEY", key,
                "PARLEY_DATA_DIR", dataDir.toString()));
        env.putAll(moreEnv);
        ServeProcess a = null;
        try {
            a = ServeProcess.start(env);
            return new TwoChatNodes(key, db, a, ServeProcess.start(env));
        } catch (Exception | Error e) {
            new TwoChatNodes(key, db, a, null).close();
            throw e;
        }
    }

    /** A client for {@code node} that does not reconnect, not yet connected. */
    static Socket socket(ServeProcess node, Map<String, String> auth) {
        IO.Options options = new IO.Options();
        options.reconnection = false;
        options.forceNew = true;
        options.auth = auth;
        return IO.socket(URI.create(node.url), options);
    }

    @Override
    public void close() throws Exception {
        try {
            for (ServeProcess node : new ServeProcess[] {a, b}) {
                if (node != null) {
                    node.close();
                }
            }
        } finally {
            RedisKeys.deleteAll(key);
            db.close();
        }
    }
}
