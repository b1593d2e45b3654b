package dev.parley.push.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.parley.push.TestJwts;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PushJwtTest {
    private static final Instant NOW = Instant.parse("2026-12-07T06:00:00Z");
    private final PushJwt jwt = new PushJwt(TestJwts.SECRET, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aValidTokenGrantsItsPatterns() {
        PushGrant grant = jwt.verify(TestJwts.token(List.of("prices", "feed:*"), List.of("user:42"), NOW.plusSeconds(60)));
        assertThat(grant).isNotNull();
        assertThat(grant.mayPublish("prices")).isTrue();
        assertThat(grant.mayPublish("feed:movies")).isTrue();
        assertThat(grant.mayPublish("user:42")).isFalse();
        assertThat(grant.maySubscribe("user:42")).isTrue();
        assertThat(grant.maySubscribe("user:43")).isFalse();
        assertThat(grant.maySubscribe("prices")).as("publish does not imply subscribe").isFalse();
    }

    @Test
    void expiryAndNotBeforeAreHonouredWithThirtySecondsOfSkew() {
        assertThat(jwt.verify(TestJwts.token(List.of("a"), null, NOW.minusSeconds(29)))).isNotNull();
        assertThat(jwt.verify(TestJwts.token(List.of("a"), null, NOW.minusSeconds(30)))).isNull();
        assertThat(jwt.verify(TestJwts.token(List.of("a"), null, NOW.minusSeconds(3600)))).isNull();
        assertThat(jwt.verify(TestJwts.token(List.of("a"), null, null))).as("no exp: no expiry").isNotNull();
        JWTClaimsSet later = new JWTClaimsSet.Builder(TestJwts.claims(List.of("a"), null, null))
                .notBeforeTime(Date.from(NOW.plusSeconds(31))).build();
        assertThat(jwt.verify(TestJwts.sign(TestJwts.SECRET, JWSAlgorithm.HS256, later))).isNull();
    }

    @Test
    void aWrongSignatureAnotherAlgorithmAndNoneAreRefused() {
        JWTClaimsSet claims = TestJwts.claims(List.of("*"), List.of("*"), null);
        assertThat(jwt.verify(TestJwts.sign("another-secret-of-at-least-32-bytes!!", JWSAlgorithm.HS256, claims))).isNull();
        assertThat(jwt.verify(TestJwts.unsecured(claims))).isNull();
        String hs512Secret = TestJwts.SECRET + TestJwts.SECRET;
        PushJwt longKey = new PushJwt(hs512Secret, Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(longKey.verify(TestJwts.sign(hs512Secret, JWSAlgorithm.HS512, claims))).as("HS256 only").isNull();
        assertThat(longKey.verify(TestJwts.sign(hs512Secret, JWSAlgorithm.HS256, claims))).isNotNull();
        String good = TestJwts.token(List.of("prices"), null, null);
        assertThat(jwt.verify(good)).isNotNull();
        assertThat(jwt.verify(TestJwts.tampered(good, claims))).as("payload swapped").isNull();
    }

    @Test
    void garbageEmptyAndOverlongTokensAreRefused() {
        for (String bad : new String[] {null, "", "x", "a.b.c", "...", "Bearer x", "eyJ.eyJ.", "\u0000"}) {
            assertThat(jwt.verify(bad)).as(String.valueOf(bad)).isNull();
        }
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            many.add("topic-number-" + i);
        }
        String overlong = TestJwts.token(many, null, null);
        assertThat(overlong.length()).isGreaterThan(PushJwt.MAX_TOKEN_CHARS);
        assertThat(jwt.verify(overlong)).isNull();
    }

    @Test
    void aMalformedPushClaimGrantsNothing() {
        for (Object push : new Object[] {"all", Map.of("publish", "prices"), Map.of("publish", List.of(1)),
                Map.of("publish", List.of("bad*pattern")), Map.of("subscribe", List.of(" "))}) {
            JWTClaimsSet claims = new JWTClaimsSet.Builder().claim("push", push).build();
            PushGrant grant = jwt.verify(TestJwts.sign(TestJwts.SECRET, JWSAlgorithm.HS256, claims));
            assertThat(grant == null || grant.publish().isEmpty() && grant.subscribe().isEmpty()).as(push.toString()).isTrue();
        }
        PushGrant none = jwt.verify(TestJwts.sign(TestJwts.SECRET, JWSAlgorithm.HS256, new JWTClaimsSet.Builder().build()));
        assertThat(none.publish()).isEmpty();
        assertThat(none.subscribe()).isEmpty();
    }
}
