package dev.parley.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class JwtSubscribeAuthorizerTest {
    private static final Instant NOW = Instant.parse("2026-12-07T06:00:00Z");
    private final JwtSubscribeAuthorizer authorizer = new JwtSubscribeAuthorizer(PushOptions.builder()
            .jwtSecret(TestJwts.SECRET).privateTopics(List.of("user:*", "admin")).build(),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void publicTopicsNeedNoTokenAndIgnoreABadOne() {
        assertThat(authorizer.maySubscribe("prices", null)).isTrue();
        assertThat(authorizer.maySubscribe("prices", "garbage")).isTrue();
        assertThat(authorizer.maySubscribe("users", null)).as("user:* does not cover users").isTrue();
        assertThat(authorizer.isPrivate("user:42")).isTrue();
        assertThat(authorizer.isPrivate("admins")).isFalse();
    }

    @Test
    void aPrivateTopicNeedsACurrentTokenWhoseSubscribeClaimAllowsIt() {
        String user42 = TestJwts.token(List.of(), List.of("user:42"), NOW.plusSeconds(60));
        assertThat(authorizer.maySubscribe("user:42", null)).isFalse();
        assertThat(authorizer.maySubscribe("user:42", user42)).isTrue();
        assertThat(authorizer.maySubscribe("user:42", "Bearer " + user42)).as("a header's value works too").isTrue();
        assertThat(authorizer.maySubscribe("user:43", user42)).isFalse();
        assertThat(authorizer.maySubscribe("admin", user42)).isFalse();
        String publisher = TestJwts.token(List.of("*"), List.of(), null);
        assertThat(authorizer.maySubscribe("user:42", publisher)).as("publish does not imply subscribe").isFalse();
        String expired = TestJwts.token(List.of(), List.of("user:*"), NOW.minusSeconds(3600));
        assertThat(authorizer.maySubscribe("user:42", expired)).isFalse();
        String forged = TestJwts.sign("some-other-secret-of-32-bytes-or-more", JWSAlgorithm.HS256,
                TestJwts.claims(null, List.of("*"), null));
        assertThat(authorizer.maySubscribe("user:42", forged)).isFalse();
        assertThat(authorizer.maySubscribe("user:42", TestJwts.unsecured(TestJwts.claims(null, List.of("*"), null)))).isFalse();
        String everyUser = TestJwts.token(null, List.of("user:*", "admin"), null);
        assertThat(authorizer.maySubscribe("user:7", everyUser)).isTrue();
        assertThat(authorizer.maySubscribe("admin", everyUser)).isTrue();
    }

    @Test
    void withoutPrivateTopicsEverythingIsPublic() {
        JwtSubscribeAuthorizer open = JwtSubscribeAuthorizer.of(PushOptions.defaults());
        assertThat(open.maySubscribe("user:42", null)).isTrue();
    }

    @Test
    void privateTopicsWithoutASecretOrWithABadPatternAreRefusedAtConfiguration() {
        assertThatThrownBy(() -> PushOptions.builder().privateTopics(List.of("user:*")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JWT secret");
        assertThatThrownBy(() -> PushOptions.builder().jwtSecret(TestJwts.SECRET).privateTopics(List.of("us*er")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pattern");
        assertThatThrownBy(() -> PushOptions.builder().jwtSecret("short").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
        assertThat(PushOptions.builder().publishToken("tok-123").jwtSecret(TestJwts.SECRET).build().toString())
                .doesNotContain("tok-123").doesNotContain(TestJwts.SECRET);
    }
}
