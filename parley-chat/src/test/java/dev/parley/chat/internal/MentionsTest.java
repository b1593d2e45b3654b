package dev.parley.chat.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class MentionsTest {
    /** Claimed nicknames, found as the store finds them: the same name after NFKC and case folding. */
    private static final List<String> CLAIMED = List.of("bob", "Alice", "carol!", "dé");
    private static final UnaryOperator<String> LOOKUP = name -> CLAIMED.stream()
            .filter(c -> Nicknames.sameName(c, name)).findFirst().orElse(null);

    @Test
    void namesAfterAnAtAtAWordBoundaryUpToWhitespace() {
        assertThat(Mentions.names("@bob hi @alice, and @bob again")).containsExactly("bob", "alice,");
        assertThat(Mentions.names("mail bob@example.com or @@x or a_@y")).isEmpty();
        assertThat(Mentions.names("(@bob) \n@carol!\t@ @")).containsExactly("bob)", "carol!");
        assertThat(Mentions.names("@a@b")).containsExactly("a");
        assertThat(Mentions.names("@Bob @bob @ＢＯＢ @bob,")).containsExactly("Bob", "bob,");
    }

    @Test
    void aNameLongerThanANicknameAndItsPunctuationIsNoMention() {
        String longName = "x".repeat(Nicknames.MAX_NICKNAME + 9);
        assertThat(Mentions.names("@" + longName + " @bob")).containsExactly("bob");
        assertThat(Mentions.names("@" + "x".repeat(Nicknames.MAX_NICKNAME + 8))).hasSize(1);
    }

    @Test
    void resolvesClaimedNicknamesCaseInsensitivelyAfterNfkcOnceEachNeverTheSender() {
        List<String> names = Mentions.names("@BOB @ｂｏｂ @alice. @ALICE! @nobody @carol! @dé @Bob? @me");
        assertThat(Mentions.resolve(names, "ME", LOOKUP)).containsExactly("bob", "Alice", "carol!", "dé");
    }

    @Test
    void trailingPunctuationIsDroppedOnlyWhenTheWholeNameIsNotClaimed() {
        assertThat(Mentions.resolve(List.of("carol!"), "x", LOOKUP)).containsExactly("carol!");
        assertThat(Mentions.resolve(List.of("bob?!"), "x", LOOKUP)).containsExactly("bob");
        assertThat(Mentions.resolve(List.of("!!"), "x", LOOKUP)).isEmpty();
    }

    @Test
    void namesThatAreNoNicknameAreNotLookedUp() {
        Map<String, Integer> asked = new java.util.HashMap<>();
        UnaryOperator<String> counting = name -> {
            asked.merge(name, 1, Integer::sum);
            return LOOKUP.apply(name);
        };
        // Announcement is reserved, and a zero-width space makes a name invalid: neither reaches the store.
        assertThat(Mentions.resolve(List.of("announcement", "bo\u200bb"), "x", counting)).isEmpty();
        assertThat(asked).isEmpty();
    }
}
