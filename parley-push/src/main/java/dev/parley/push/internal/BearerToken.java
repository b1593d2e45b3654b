package dev.parley.push.internal;

import java.util.Optional;

/**
 * Where a push client's token is found, the same for every transport and for publishing: the credentials of an
 * {@code Authorization: Bearer <token>} header (RFC 6750 §2.1; the scheme is case-insensitive), or for a
 * subscriber a {@code token} query parameter, since a browser's {@code EventSource} and {@code WebSocket}
 * cannot set headers. The header wins when both are there.
 */
public final class BearerToken {
    private static final String SCHEME = "Bearer ";

    private BearerToken() {
    }

    /** The credentials of a Bearer header; empty when the header is absent, of another scheme, or blank. */
    public static Optional<String> fromHeader(Optional<String> authorization) {
        return authorization
                .filter(value -> value.regionMatches(true, 0, SCHEME, 0, SCHEME.length()))
                .map(value -> value.substring(SCHEME.length()).strip())
                .filter(credentials -> !credentials.isEmpty());
    }

    /** The token a subscriber presents: the header's credentials, else the query parameter's value, else null. */
    public static String presented(Optional<String> authorization, Optional<String> queryParameter) {
        return fromHeader(authorization).or(() -> queryParameter).orElse(null);
    }

    /** A token passed along as it was received, a leading {@code Bearer } or not: the credentials alone. */
    public static String withoutScheme(String token) {
        return fromHeader(Optional.of(token)).orElse(token);
    }
}
