package dev.parley.server;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP request to an application route ({@link ParleyServer#addHttpRoute}), body included, as plain
 * Java values.
 *
 * @param method the method, upper case
 * @param path the decoded path, without the query
 * @param query decoded query parameters, in order
 * @param headers request headers; names are case-insensitive
 * @param body the whole body (bounded by the route's limit)
 * @param remoteAddress the client's address (the forwarded one behind a trusted proxy)
 * @param secure whether the client connected over TLS (or a trusted proxy said {@code https})
 */
public record HttpRequest(String method, String path, Map<String, List<String>> query,
        Map<String, List<String>> headers, byte[] body, InetSocketAddress remoteAddress, boolean secure) {

    public HttpRequest {
        query = RequestMaps.query(query);
        headers = RequestMaps.headers(headers);
    }

    /** The first value of a header, by case-insensitive name. */
    public Optional<String> header(String name) {
        return RequestMaps.first(headers, name);
    }

    /** The first value of a query parameter. */
    public Optional<String> queryParam(String name) {
        return RequestMaps.first(query, name);
    }

    /** The body decoded as UTF-8. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
