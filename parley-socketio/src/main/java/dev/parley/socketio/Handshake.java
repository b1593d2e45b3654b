package dev.parley.socketio;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the client sent when it connected to a namespace (socket.io's {@code socket.handshake}).
 *
 * @param headers the headers of the request that opened the connection (names case-insensitive)
 * @param query its query parameters
 * @param address the client's address (the forwarded one behind a trusted proxy)
 * @param secure whether the connection is TLS
 * @param time when the namespace connection was made
 * @param url the request path
 * @param auth the {@code auth} payload of the CONNECT packet (an empty map if none)
 */
public record Handshake(
        Map<String, List<String>> headers,
        Map<String, List<String>> query,
        InetSocketAddress address,
        boolean secure,
        Instant time,
        String url,
        Map<String, Object> auth) {

    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public Optional<String> queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
