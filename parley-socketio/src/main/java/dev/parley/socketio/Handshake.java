package dev.parley.socketio;

import dev.parley.websocket.HandshakeRequest;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the client sent when it connected to a namespace (socket.io's {@code socket.handshake}).
 *
 * <p>It reads through to the connection's {@link HandshakeRequest} instead of copying its headers and
 * query into maps of its own: every connected socket keeps one, and the copies cost more heap than the
 * rest of an idle socket.
 */
public final class Handshake {
    private final HandshakeRequest request;
    private final long time;
    private final Map<String, Object> auth;

    /**
     * A handshake from its parts: for a socket of another server, whose handshake came over the wire to a
     * cluster adapter.
     */
    public static Handshake of(HandshakeRequest request, Instant time, Map<String, Object> auth) {
        return new Handshake(request, time, auth == null ? Map.of() : auth);
    }

    Handshake(HandshakeRequest request, Instant time, Map<String, Object> auth) {
        this.request = Objects.requireNonNull(request);
        this.time = time.toEpochMilli();
        this.auth = auth;
    }

    /** The headers of the request that opened the connection (names case-insensitive; a new map each call). */
    public Map<String, List<String>> headers() {
        return request.headers();
    }

    /** Its query parameters (a new map each call). */
    public Map<String, List<String>> query() {
        return request.query();
    }

    /** The client's address (the forwarded one behind a trusted proxy). */
    public InetSocketAddress address() {
        return request.remoteAddress();
    }

    /** Whether the connection is TLS. */
    public boolean secure() {
        return request.secure();
    }

    /** When the namespace connection was made (millisecond precision). */
    public Instant time() {
        return Instant.ofEpochMilli(time);
    }

    /** The request path. */
    public String url() {
        return request.path();
    }

    /** The {@code auth} payload of the CONNECT packet (an empty map if none). */
    public Map<String, Object> auth() {
        return auth;
    }

    /** The first value of a header (name case-insensitive), if present. */
    public Optional<String> header(String name) {
        return request.header(name);
    }

    /** The first value of a query parameter, if present. */
    public Optional<String> queryParam(String name) {
        return request.queryParam(name);
    }

    @Override
    public String toString() {
        return "Handshake[url=" + url() + ", address=" + address() + ", secure=" + secure() + ", time=" + time()
                + ", auth=" + auth + "]";
    }
}
