package dev.parley.push.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FeedSpecTest {
    @Test
    void theTopicIsFeedColonName() {
        assertThat(FeedSpec.of("movies", URI.create("https://api.example.com/m")).topic()).isEqualTo("feed:movies");
    }

    @Test
    void theDisplayedUrlHasNoUserInformationAndMaskedQueryValues() {
        FeedSpec spec = FeedSpec.of("x", URI.create("https://user:pw@api.example.com:8443/v1/q?key=abc&ids=1,2&flag"));
        assertThat(spec.displayUrl()).isEqualTo("https://api.example.com:8443/v1/q?key=***&ids=***&flag");
    }

    @Test
    void refusesWhatCannotBePolled() {
        URI ok = URI.create("https://api.example.com/");
        assertThatThrownBy(() -> FeedSpec.of("bad name", ok)).hasMessageContaining("feed name 'bad name'");
        assertThatThrownBy(() -> FeedSpec.of("-x", ok)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FeedSpec.of("a".repeat(65), ok)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FeedSpec.of("x", URI.create("ftp://example.com/")))
                .hasMessageContaining("not an absolute http(s) URL");
        assertThatThrownBy(() -> FeedSpec.of("x", URI.create("/relative"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FeedSpec.of("x", URI.create("https://h/#frag"))).hasMessageContaining("fragment");
        assertThatThrownBy(() -> new FeedSpec("x", ok, Duration.ofMillis(999))).hasMessageContaining("minimum of 1 s");
        assertThat(new FeedSpec("a.b_c-1", ok, Duration.ofSeconds(1)).every()).isEqualTo(Duration.ofSeconds(1));
    }
}
