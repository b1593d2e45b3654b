package dev.parley.server;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The head of an HTTP request (everything but the body), as plain Java values: what an
 * {@link HttpHeadCheck} decides on before any byte of the body is read.
 *
 * @param method the method, upper case
 * @param path the decoded path, without the query
 * @param query decoded query parameters, in order
 * @param headers request headers; names are case-insensitive
 * @param remoteAddress the client's address (the forwarded one behind a trusted proxy)
 * @param secure whether the client connected over TLS (or a trusted proxy said {@code https})
 */
public record HttpRequestHead(String method, String path, Map<String, List<String>> query,
        Map<String, List<String>> headers, InetSocketAddress remoteAddress, boolean secure) {

    public HttpRequestHead {
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
}
