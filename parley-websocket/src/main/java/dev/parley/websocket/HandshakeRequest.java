package dev.parley.websocket;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the client sent in its opening handshake (RFC 6455 §4.1), as plain Java values.
 *
 * <p>Every open connection keeps one for its whole life, so it is stored flat (names and values side by
 * side in one array, well-known header names shared): a map per connection cost about a kilobyte of heap
 * on an idle server. {@link #header} and {@link #queryParam} read the flat form; {@link #headers()} and
 * {@link #query()} build a map view on each call.
 */
public final class HandshakeRequest {
    /** Lower-case names of the headers most clients send, shared by every request instead of a copy each. */
    private static final Map<String, String> COMMON_NAMES = commonNames(
            "host", "upgrade", "connection", "origin", "user-agent", "accept", "accept-encoding",
            "accept-language", "cache-control", "pragma", "cookie", "referer", "sec-websocket-key",
            "sec-websocket-version", "sec-websocket-extensions", "sec-websocket-protocol", "x-forwarded-for",
            "x-forwarded-proto", "x-real-ip", "authorization", "sec-fetch-dest", "sec-fetch-mode",
            "sec-fetch-site", "sec-ch-ua", "sec-ch-ua-mobile", "sec-ch-ua-platform", "content-length", "dnt",
            "upgrade-insecure-requests", "sec-gpc");
    /**
     * Headers whose values repeat from one client to the next (the same browser, the same site, the same
     * protocol words): their values are shared through {@link #VALUES}.
     */
    private static final java.util.Set<String> REPEATING = java.util.Set.of(
            "host", "upgrade", "connection", "origin", "user-agent", "accept", "accept-encoding",
            "accept-language", "cache-control", "pragma", "sec-websocket-version", "sec-websocket-extensions",
            "sec-websocket-protocol", "sec-fetch-dest", "sec-fetch-mode", "sec-fetch-site", "sec-ch-ua",
            "sec-ch-ua-mobile", "sec-ch-ua-platform", "x-forwarded-proto", "content-length", "dnt",
            "upgrade-insecure-requests", "sec-gpc");
    /** Query parameters whose values repeat (Engine.IO's protocol version and transport name). */
    private static final java.util.Set<String> REPEATING_QUERY = java.util.Set.of("EIO", "transport");
    /** Bounded, so a client sending ever-new values cannot grow it past a few hundred kilobytes. */
    private static final int MAX_SHARED_VALUES = 2048;
    private static final java.util.concurrent.ConcurrentHashMap<String, String> VALUES =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final String[] NONE = new String[0];
    /** See {@link #sharedQuery}; arrays are never written once built, so a racy read sees a complete one. */
    private static volatile String[] lastQuery = NONE;

    private final String path;
    private final String[] query;
    private final String[] headers;
    private final InetSocketAddress remoteAddress;
    private final boolean secure;

    /**
     * @param path the request path, without the query
     * @param query decoded query parameters, in order
     * @param headers request headers; names are case-insensitive
     * @param remoteAddress the client's address; the forwarded client when a trusted proxy said so
     * @param secure whether the client connected over TLS (or a trusted proxy said {@code https})
     */
    public HandshakeRequest(String path, Map<String, List<String>> query, Map<String, List<String>> headers,
            InetSocketAddress remoteAddress, boolean secure) {
        this(collect(path, query, headers), remoteAddress, secure);
    }

    private HandshakeRequest(Builder parts, InetSocketAddress remoteAddress, boolean secure) {
        this(parts.path, parts.query.isEmpty() ? NONE : sharedQuery(parts.query.toArray(NONE)),
                parts.headers.isEmpty() ? NONE : parts.headers.toArray(NONE), remoteAddress, secure);
    }

    private HandshakeRequest(String path, String[] query, String[] headers, InetSocketAddress remoteAddress,
            boolean secure) {
        this.path = path;
        this.query = query;
        this.headers = headers;
        this.remoteAddress = remoteAddress;
        this.secure = secure;
    }

    /** Starts a request from its parts, header by header, without building maps first. */
    public static Builder builder(String path) {
        return new Builder(path);
    }

    /** The request path, without the query. */
    public String path() {
        return path;
    }

    /** Decoded query parameters, in order (a new unmodifiable map on each call). */
    public Map<String, List<String>> query() {
        return Collections.unmodifiableMap(group(query, new LinkedHashMap<>()));
    }

    /** Request headers with case-insensitive names (a new unmodifiable map on each call). */
    public Map<String, List<String>> headers() {
        return Collections.unmodifiableMap(group(headers, new TreeMap<>(String.CASE_INSENSITIVE_ORDER)));
    }

    /** The client's address; the forwarded client when a trusted proxy said so. */
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    /** Whether the client connected over TLS (or a trusted proxy said {@code https}). */
    public boolean secure() {
        return secure;
    }

    /** The first value of a header (name case-insensitive), if present. */
    public Optional<String> header(String name) {
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase(name)) {
                return Optional.of(headers[i + 1]);
            }
        }
        return Optional.empty();
    }

    /** The first value of a query parameter, if present. */
    public Optional<String> queryParam(String name) {
        for (int i = 0; i < query.length; i += 2) {
            if (query[i].equals(name)) {
                return Optional.of(query[i + 1]);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "HandshakeRequest[path=" + path + ", query=" + query() + ", headers=" + headers()
                + ", remoteAddress=" + remoteAddress + ", secure=" + secure + "]";
    }

    private static Map<String, List<String>> group(String[] pairs, Map<String, List<String>> into) {
        for (int i = 0; i < pairs.length; i += 2) {
            into.computeIfAbsent(pairs[i], k -> new ArrayList<>(1)).add(pairs[i + 1]);
        }
        into.replaceAll((name, values) -> List.copyOf(values));
        return into;
    }

    /** Maps to the builder's flat form, so both ways in share names and values the same way. */
    private static Builder collect(String path, Map<String, List<String>> query, Map<String, List<String>> headers) {
        Builder builder = new Builder(path);
        query.forEach((name, values) -> values.forEach(value -> builder.query(name, value)));
        headers.forEach((name, values) -> values.forEach(value -> builder.header(name, value)));
        return builder;
    }

    private static String shared(String name) {
        return COMMON_NAMES.getOrDefault(name.toLowerCase(Locale.ROOT), name);
    }

    private static String sharedValue(String sharedName, String value) {
        if (!REPEATING.contains(sharedName) || value.length() > 256) {
            return value;
        }
        return intern(value);
    }

    private static String sharedQueryValue(String sharedName, String value) {
        return REPEATING_QUERY.contains(sharedName) && value.length() <= 32 ? intern(value) : value;
    }

    private static String intern(String value) {
        String known = VALUES.get(value);
        if (known != null) {
            return known;
        }
        if (VALUES.size() < MAX_SHARED_VALUES) {
            known = VALUES.putIfAbsent(value, value);
            return known != null ? known : value;
        }
        return value;
    }

    /**
     * The previous request's query array when this one is equal to it: Engine.IO's WebSocket clients all send
     * {@code EIO=4&transport=websocket}, so the whole array (names and values already shared) is shared too
     * instead of 32 bytes per connection. One slot, replaced by any other query: nothing to bound.
     */
    private static String[] sharedQuery(String[] query) {
        String[] last = lastQuery;
        if (java.util.Arrays.equals(last, query)) {
            return last;
        }
        lastQuery = query;
        return query;
    }

    private static Map<String, String> commonNames(String... names) {
        Map<String, String> map = new java.util.HashMap<>();
        for (String name : names) {
            map.put(name, name);
        }
        return Map.copyOf(map);
    }

    /** Collects a request's parts in arrival order. Not thread-safe; build once. */
    public static final class Builder {
        private final String path;
        private final List<String> query = new ArrayList<>();
        private final List<String> headers = new ArrayList<>();

        private Builder(String path) {
            this.path = path;
        }

        public Builder query(String name, String value) {
            String key = name.length() <= 32 ? intern(name) : name;
            query.add(key);
            query.add(sharedQueryValue(key, value));
            return this;
        }

        public Builder header(String name, String value) {
            String key = shared(name);
            headers.add(key);
            headers.add(sharedValue(key, value));
            return this;
        }

        public HandshakeRequest build(InetSocketAddress remoteAddress, boolean secure) {
            return new HandshakeRequest(this, remoteAddress, secure);
        }
    }
}
