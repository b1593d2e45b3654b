package dev.parley.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopicPatternTest {
    @Test
    void aNameMatchesItselfOnly() {
        TopicPattern prices = TopicPattern.parse("prices");
        assertThat(prices.matches("prices")).isTrue();
        assertThat(prices.matches("prices2")).isFalse();
        assertThat(prices.matches("price")).isFalse();
    }

    @Test
    void aTrailingStarMatchesThePrefix() {
        TopicPattern users = TopicPattern.parse("user:*");
        assertThat(users.matches("user:42")).isTrue();
        assertThat(users.matches("user:")).isTrue();
        assertThat(users.matches("user")).isFalse();
        assertThat(users.matches("users:1")).isFalse();
        assertThat(TopicPattern.parse("*").matches("anything")).isTrue();
    }

    @Test
    void refusesAStarElsewhereAndCharactersATopicCannotHave() {
        for (String bad : List.of("", "*:x", "us*er", "**", "user *", "-x*", "a".repeat(201))) {
            assertThatThrownBy(() -> TopicPattern.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void anyMatchesOverAList() {
        List<TopicPattern> patterns = TopicPattern.parseAll(List.of("prices", "feed:*"));
        assertThat(TopicPattern.anyMatches(patterns, "feed:movies")).isTrue();
        assertThat(TopicPattern.anyMatches(patterns, "prices")).isTrue();
        assertThat(TopicPattern.anyMatches(patterns, "user:1")).isFalse();
        assertThat(TopicPattern.anyMatches(List.of(), "prices")).isFalse();
    }
}
