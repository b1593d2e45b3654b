package dev.parley.push.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class BearerTokenTest {
    @Test
    void theBearerSchemeIsCaseInsensitiveAndItsCredentialsAreStripped() {
        assertThat(BearerToken.fromHeader(Optional.of("Bearer abc"))).hasValue("abc");
        assertThat(BearerToken.fromHeader(Optional.of("bEARER  abc "))).hasValue("abc");
    }

    @Test
    void anotherSchemeAMissingOrBlankHeaderHasNoCredentials() {
        assertThat(BearerToken.fromHeader(Optional.empty())).isEmpty();
        assertThat(BearerToken.fromHeader(Optional.of("Basic YTpi"))).isEmpty();
        assertThat(BearerToken.fromHeader(Optional.of("Bearer "))).isEmpty();
        assertThat(BearerToken.fromHeader(Optional.of("Bearer"))).isEmpty();
    }

    @Test
    void aSubscriberPresentsTheHeaderElseTheQueryParameter() {
        assertThat(BearerToken.presented(Optional.of("Bearer h"), Optional.of("q"))).isEqualTo("h");
        assertThat(BearerToken.presented(Optional.of("Basic x"), Optional.of("q"))).isEqualTo("q");
        assertThat(BearerToken.presented(Optional.empty(), Optional.of("q"))).isEqualTo("q");
        assertThat(BearerToken.presented(Optional.empty(), Optional.empty())).isNull();
    }

    @Test
    void aTokenPassedAlongLosesItsScheme() {
        assertThat(BearerToken.withoutScheme("Bearer abc")).isEqualTo("abc");
        assertThat(BearerToken.withoutScheme("abc")).isEqualTo("abc");
    }
}
