package dev.parley.push.internal;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Checks a publisher's {@code Authorization: Bearer <token>} from the request head alone, so that a refused
 * request is answered before its body is read. The token is the static publish token (compared as SHA-256
 * digests with {@link MessageDigest#isEqual}: constant time, and its length does not show) or a JWT of the
 * gateway's secret ({@link PushJwt}). A missing header, another scheme, an unknown token, a wrong signature
 * and an expired JWT are one and the same {@link Status#UNAUTHORIZED}, and each counts against the client's
 * address in the {@link FailureThrottle}. Thread-safe; never blocks.
 */
public final class PublishAuth {
    /** What a check found. */
    public enum Status { OK, DISABLED, RATE_LIMITED, UNAUTHORIZED }

    /** The status, and when OK what the credential allows. */
    public record Verdict(Status status, PushGrant grant) {
        static final Verdict DISABLED = new Verdict(Status.DISABLED, null);
        static final Verdict RATE_LIMITED = new Verdict(Status.RATE_LIMITED, null);
        static final Verdict UNAUTHORIZED = new Verdict(Status.UNAUTHORIZED, null);
    }

    private final byte[] tokenDigest;
    private final PushJwt jwt;
    private final FailureThrottle throttle;

    /**
     * @param publishToken the static token, or null
     * @param jwt the JWT verifier, or null when no secret is set
     */
    public PublishAuth(String publishToken, PushJwt jwt, FailureThrottle throttle) {
        this.tokenDigest = publishToken == null ? null : sha256(publishToken);
        this.jwt = jwt;
        this.throttle = throttle;
    }

    public Verdict check(Optional<String> authorization, InetSocketAddress client) {
        if (tokenDigest == null && jwt == null) {
            return Verdict.DISABLED;
        }
        if (throttle.blocked(client)) {
            return Verdict.RATE_LIMITED;
        }
        String token = BearerToken.fromHeader(authorization).orElse("");
        if (tokenDigest != null && MessageDigest.isEqual(sha256(token), tokenDigest)) {
            return new Verdict(Status.OK, PushGrant.PUBLISH_ANYTHING);
        }
        PushGrant grant = jwt == null ? null : jwt.verify(token);
        if (grant == null) {
            throttle.failed(client);
            return Verdict.UNAUTHORIZED;
        }
        return new Verdict(Status.OK, grant);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
