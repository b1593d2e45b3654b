package dev.parley.engineio;

import dev.parley.engineio.internal.EngineCore;
import dev.parley.engineio.internal.PreparedPacket;
import dev.parley.engineio.spi.EngineMount;
import java.util.Collection;

/**
 * An Engine.IO v4 server: sessions over HTTP long-polling and WebSocket, with upgrade and heartbeats.
 * Mount it on a Parley HTTP server ({@code ParleyServer.addEngineIo}); one server may mount several at
 * different paths. Thread-safe.
 */
public final class EngineIoServer {
    private final EngineCore core;

    public EngineIoServer(EngineIoConfig config, EngineIoListener listener) {
        this.core = new EngineCore(config, listener);
    }

    public EngineIoConfig config() {
        return core.config();
    }

    /** Open sessions. */
    public int clientsCount() {
        return core.clientsCount();
    }

    /**
     * Starts counting the messages received and sent, and their bytes (see {@link EngineIoTraffic}), for
     * {@link #traffic()}; calling it again changes nothing. Until then nothing is counted, so a server nobody
     * watches pays nothing per message; after, each message costs a volatile read and two striped adds.
     */
    public void countTraffic() {
        core.countTraffic();
    }

    /** The totals since {@link #countTraffic()} was first called; {@link EngineIoTraffic#NONE} before. */
    public EngineIoTraffic traffic() {
        var counter = core.traffic();
        return counter == null ? EngineIoTraffic.NONE : counter.totals();
    }

    /** A snapshot of the open sessions. */
    public Collection<EngineIoSocket> sockets() {
        return core.sockets();
    }

    /** Prepares a text message for sending to many sessions, encoded once. Close it after the sends. */
    public PreparedMessage prepare(String text) {
        return PreparedPacket.text(text);
    }

    /** Prepares a binary message for sending to many sessions, encoded once. Close it after the sends. */
    public PreparedMessage prepare(byte[] data) {
        return PreparedPacket.binary(data);
    }

    /**
     * Serves a fixed file under this server's path (e.g. {@code /socket.io/socket.io.js}) with an ETag and
     * one day of caching. Must be called before the HTTP server starts.
     */
    public EngineIoServer addResource(String name, String contentType, byte[] body) {
        core.addResource(name, contentType, body);
        return this;
    }

    /**
     * Ends the polling session {@code sid} because the HTTP server refused one of its requests with 413 for a
     * body over {@link EngineIoConfig#maxHttpBufferSize()}, before or while reading it: whatever the size, an
     * over-limit body ends the session ({@link CloseReason#TRANSPORT_ERROR}), as in the reference server. An
     * unknown sid, or a session on WebSocket, is left alone. Thread-safe.
     */
    public void payloadTooLarge(String sid) {
        core.payloadTooLarge(sid);
    }

    /**
     * Closes at most {@code max} open sessions as {@link #close()} does, and returns how many: the transport
     * ends after what is queued (a WebSocket is closed, a poll gets a close packet), so a socket.io client sees
     * "transport close" and reconnects, as after Node's {@code io.close()}; the server-side reason is "server
     * shutting down". The server keeps running: a drain calls this at a rate.
     */
    public int closeSessions(int max) {
        return core.closeSessions(max);
    }

    /** Closes every session ("server shutting down"); the HTTP server calls this when it stops. */
    public void close() {
        core.stop();
    }

    /** This server as the HTTP server that mounts it sees it ({@link EngineMount}, an SPI); not part of the API. */
    public EngineMount internal() {
        return core;
    }
}
