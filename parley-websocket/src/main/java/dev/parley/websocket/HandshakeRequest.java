package dev.parley.websocket;

import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the client sent in its opening handshake (RFC 6455 §4.1), as plain Java values.
 *
 * @param path the request path, without the query
 * @param query decoded query parameters, in order
 * @param headers request headers; names are case-insensitive
 * @param remoteAddress the client's address; the forwarded client when a trusted proxy said so
 * @param secure whether the client connected over TLS (or a trusted proxy said {@code https})
 */
public record HandshakeRequest(
        String path,
        Map<String, List<String>> query,
        Map<String, List<String>> headers,
        InetSocketAddress remoteAddress,
        boolean secure) {

    public HandshakeRequest {
        query = Collections.unmodifiableMap(new java.util.LinkedHashMap<>(query));
        TreeMap<String, List<String>> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        caseInsensitive.putAll(headers);
        headers = Collections.unmodifiableMap(caseInsensitive);
    }

    /** The first value of a header, if present. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The first value of a query parameter, if present. */
    public Optional<String> queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
