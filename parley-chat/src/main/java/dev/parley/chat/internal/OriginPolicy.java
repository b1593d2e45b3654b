package dev.parley.chat.internal;

import dev.parley.engineio.AllowRequest;
import dev.parley.websocket.HandshakeRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The chat's Engine.IO {@link AllowRequest} (docs/chat.md, "Origin"): a browser page may open a session only
 * from the chat's own origin, the scheme, host and port the request came to ({@code Host}, and TLS or a
 * trusted proxy's {@code X-Forwarded-Proto}), or from a configured origin; others get Engine.IO's HTTP 403
 * {@code {"code":4,"message":"Forbidden"}}, over polling and WebSocket alike, before any session exists. A
 * request without {@code Origin} is allowed: browsers always send it on WebSocket handshakes and on
 * cross-origin requests (the Fetch standard), so its absence means a non-browser client (the official
 * Node and Java clients, curl), which no origin check can stop anyway (RFC 6455 §10.2). {@code Origin: null}
 * (sandboxed frames, files) is refused unless {@code "null"} is listed. Pure and non-blocking: runs on the
 * event loop.
 */
public final class OriginPolicy implements AllowRequest {
    private final boolean any;
    private final Set<String> allowed;

    /** @param allowed extra origins, such as {@code https://chat.example.com}; {@code "*"} allows any */
    public OriginPolicy(List<String> allowed) {
        this.any = allowed.contains("*");
        this.allowed = allowed.stream().map(String::trim).filter(o -> !o.isEmpty())
                .map(o -> o.equalsIgnoreCase("null") ? "null" : normalize(o).orElse(o.toLowerCase(Locale.ROOT)))
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public boolean allow(HandshakeRequest request) {
        Optional<String> header = request.header("Origin");
        if (header.isEmpty() || any) {
            return true;
        }
        String raw = header.get().trim();
        if (raw.equals("null")) {
            return allowed.contains("null");
        }
        Optional<String> origin = normalize(raw);
        if (origin.isEmpty()) {
            return false;
        }
        return allowed.contains(origin.get()) || origin.equals(ownOrigin(request));
    }

    /** The origin the request was addressed to, from its {@code Host} and whether it came over TLS. */
    static Optional<String> ownOrigin(HandshakeRequest request) {
        Optional<String> host = request.header("Host").map(String::trim).filter(h -> !h.isEmpty());
        return host.flatMap(h -> normalize((request.secure() ? "https" : "http") + "://" + h));
    }

    /**
     * {@code scheme://host[:port]} in lower case with the scheme's default port dropped (RFC 6454 §6.1), or
     * empty if it is not an http(s) origin (a path, query or user part makes it no origin).
     */
    static Optional<String> normalize(String value) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean pathless = uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/");
            if (!("http".equals(scheme) || "https".equals(scheme)) || uri.getHost() == null || !pathless
                    || uri.getRawQuery() != null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
                return Optional.empty();
            }
            int port = uri.getPort();
            boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
            return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
