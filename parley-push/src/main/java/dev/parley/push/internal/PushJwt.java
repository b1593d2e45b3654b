package dev.parley.push.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.parley.push.TopicPattern;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Verifies the gateway's JWTs (docs/push.md, "Authorization"): compact JWS, HS256 only (any other
 * {@code alg}, {@code none} included, is refused before the signature is looked at), signature checked by
 * Nimbus JOSE+JWT in constant time, {@code exp} and {@code nbf} honoured with {@link #CLOCK_SKEW} of leeway.
 * The grants are in one claim:
 * <pre>{"push": {"publish": ["prices", "feed:*"], "subscribe": ["user:42"]}, "exp": 1765090000}</pre>
 * A token longer than {@link #MAX_TOKEN_CHARS} is refused before it is parsed. Thread-safe and non-blocking.
 */
public final class PushJwt {
    public static final String CLAIM = "push";
    public static final String PUBLISH = "publish";
    public static final String SUBSCRIBE = "subscribe";
    public static final int MAX_TOKEN_CHARS = 4096;
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    /** Patterns per list in one token: a bound on the work of each check. */
    public static final int MAX_PATTERNS = 100;

    private final MACVerifier verifier;
    private final MACSigner signer;
    private final Clock clock;

    public PushJwt(String secret, Clock clock) {
        try {
            this.verifier = new MACVerifier(secret.getBytes(StandardCharsets.UTF_8));
            this.signer = new MACSigner(secret.getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable JWT secret: " + e.getMessage(), e);
        }
        this.clock = clock;
    }

    /** A token of this secret granting these patterns, expiring after {@code ttl} (null: never). */
    public String issue(List<String> publish, List<String> subscribe, Duration ttl) {
        TopicPattern.parseAll(publish);
        TopicPattern.parseAll(subscribe);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .claim(CLAIM, Map.of(PUBLISH, List.copyOf(publish), SUBSCRIBE, List.copyOf(subscribe)))
                .issueTime(new Date(clock.millis()));
        if (ttl != null) {
            claims.expirationTime(new Date(clock.millis() + ttl.toMillis()));
        }
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
                    claims.build());
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("HS256 signing failed", e);
        }
    }

    /** The token's grant, or null when it is not a valid, current token of this secret. */
    public PushGrant verify(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            return null;
        }
        try {
            // parse() refuses "alg": "none" (that is not a JWS header); other algorithms are refused here.
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                return null;
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            return current(claims) ? grant(claims) : null;
        } catch (ParseException | JOSEException | RuntimeException e) {
            return null;
        }
    }

    private boolean current(JWTClaimsSet claims) {
        long now = clock.millis();
        long skew = CLOCK_SKEW.toMillis();
        Date expires = claims.getExpirationTime();
        Date notBefore = claims.getNotBeforeTime();
        return (expires == null || now < expires.getTime() + skew)
                && (notBefore == null || now >= notBefore.getTime() - skew);
    }

    /** The grant of a verified token; a malformed {@code push} claim grants nothing. */
    private static PushGrant grant(JWTClaimsSet claims) throws ParseException {
        Map<String, Object> push = claims.getJSONObjectClaim(CLAIM);
        if (push == null) {
            return new PushGrant(List.of(), List.of());
        }
        try {
            return new PushGrant(patterns(push.get(PUBLISH)), patterns(push.get(SUBSCRIBE)));
        } catch (IllegalArgumentException e) {
            return new PushGrant(List.of(), List.of());
        }
    }

    private static List<TopicPattern> patterns(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list) || list.size() > MAX_PATTERNS) {
            throw new IllegalArgumentException("not a list of at most " + MAX_PATTERNS + " patterns");
        }
        List<TopicPattern> patterns = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof String text)) {
                throw new IllegalArgumentException("a pattern is a string");
            }
            patterns.add(TopicPattern.parse(text));
        }
        return patterns;
    }
}
