package dev.parley.engineio;

/**
 * A message encoded once for many sessions ({@link EngineIoServer#prepare}): WebSocket sessions share one
 * frame, polling sessions share one string. Close it when the broadcast has been handed to every session
 * (sessions that still need it hold their own reference).
 */
public interface PreparedMessage extends AutoCloseable {
    @Override
    void close();
}
