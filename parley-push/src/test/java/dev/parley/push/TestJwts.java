package dev.parley.push;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Mints the gateway's JWTs for tests, the way a backend would (Nimbus JOSE+JWT), and some broken ones. */
public final class TestJwts {
    public static final String SECRET = "a-test-secret-of-at-least-32-bytes!!";

    private TestJwts() {
    }

    /** An HS256 token of {@link #SECRET} granting these patterns, expiring at {@code exp} (null: never). */
    public static String token(List<String> publish, List<String> subscribe, Instant exp) {
        return sign(SECRET, JWSAlgorithm.HS256, claims(publish, subscribe, exp));
    }

    public static JWTClaimsSet claims(List<String> publish, List<String> subscribe, Instant exp) {
        Map<String, Object> push = new LinkedHashMap<>();
        if (publish != null) {
            push.put("publish", publish);
        }
        if (subscribe != null) {
            push.put("subscribe", subscribe);
        }
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject("test").claim("push", push);
        if (exp != null) {
            claims.expirationTime(Date.from(exp));
        }
        return claims.build();
    }

    public static String sign(String secret, JWSAlgorithm alg, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(alg), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same claims with {@code "alg": "none"} and no signature (RFC 7519 §6.1): must be refused. */
    public static String unsecured(JWTClaimsSet claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8)) + ".";
    }

    /** A valid token with its payload swapped for other claims, signature kept: must be refused. */
    public static String tampered(String token, JWTClaimsSet claims) {
        String[] parts = token.split("\\.");
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return parts[0] + "." + b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }
}
