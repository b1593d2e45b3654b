package dev.parley.chat.internal;

import dev.parley.chat.cluster.AttemptLimit;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Checks the announcement endpoint's bearer token (docs/chat.md, "Secrets") from the request headers alone,
 * so it can run before the body is read. The comparison is of SHA-256 digests with
 * {@link MessageDigest#isEqual}: constant time, and the token's length does not show either. A missing
 * header, another scheme and a wrong token all get the same {@link Result#UNAUTHORIZED} and count as a
 * failure against the client address in the {@link AttemptLimit}. Thread-safe; blocks only if the attempt limit does
 * (one shared by several nodes).
 */
public final class AnnounceAuth {
    private final byte[] expectedDigest;
    private final AttemptLimit throttle;

    /** The result of a check. */
    public enum Result { OK, DISABLED, UNAUTHORIZED, RATE_LIMITED }

    /** @param pushToken the configured token, or null when announcements are off */
    public AnnounceAuth(String pushToken, AttemptLimit throttle) {
        this.expectedDigest = pushToken == null ? null : digest("Bearer " + pushToken);
        this.throttle = throttle;
    }

    public Result check(Optional<String> authorization, InetSocketAddress client) {
        if (expectedDigest == null) {
            return Result.DISABLED;
        }
        if (throttle.blocked(client)) {
            return Result.RATE_LIMITED;
        }
        if (!MessageDigest.isEqual(digest(authorization.orElse("")), expectedDigest)) {
            throttle.failed(client);
            return Result.UNAUTHORIZED;
        }
        return Result.OK;
    }

    private static byte[] digest(String value) {
        return SessionTokens.sha256(value.getBytes(StandardCharsets.UTF_8));
    }
}
