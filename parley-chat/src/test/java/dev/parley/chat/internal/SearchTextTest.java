package dev.parley.chat.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.chat.internal.SearchText.Part;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SearchTextTest {

    /** A snippet as text, matches in brackets: "we [deploy] at six". */
    private static String marked(List<Part> parts) {
        return parts.stream().map(p -> p.match() ? "[" + p.text() + "]" : p.text()).collect(Collectors.joining());
    }

    @Test
    void aQueryIsOnlyItsWordsWhateverOperatorsItHolds() {
        assertThat(SearchText.words("deploy \"at 18:00\" NEAR(api db) -prod +x col:umn a*b")).containsExactly(
                "deploy", "at", "18", "00", "NEAR", "api", "db", "prod", "x", "col", "umn", "a", "b");
        assertThat(SearchText.words("\" '' \\ * ^ ( ) & | ! <-> :*")).isEmpty();
        assertThat(SearchText.words("deploy DEPLOY deploy")).containsExactly("deploy", "DEPLOY");
        assertThat(SearchText.words("café naïve")).containsExactly("café", "naïve");
        // A combining accent stays with its letter; an emoji is no word.
        assertThat(SearchText.words("cafe\u0301 🙂 мир")).containsExactly("cafe\u0301", "мир");
        assertThat(SearchText.words("nul\u0000byte")).containsExactly("nul", "byte");
    }

    @Test
    void theSnippetMarksEveryWordThatASearchWordBeginsIgnoringCaseAndAccents() {
        assertThat(marked(SearchText.snippet("Deploying the API, then deploy again", List.of("deploy", "api"), 160)))
                .isEqualTo("[Deploying] the [API], then [deploy] again");
        assertThat(marked(SearchText.snippet("Un Café à Zürich", List.of("cafe", "zurich"), 160)))
                .isEqualTo("Un [Café] à [Zürich]");
        // One character: a whole word only.
        assertThat(marked(SearchText.snippet("a apple a", List.of("a"), 160))).isEqualTo("[a] apple [a]");
    }

    @Test
    void aLongTextIsCutAroundItsFirstMatchAtSpaces() {
        String text = "word ".repeat(100) + "needle " + "tail ".repeat(100);
        List<Part> parts = SearchText.snippet(text, List.of("needle"), 60);
        String shown = marked(parts);
        assertThat(shown).startsWith("…word").endsWith("tail…").contains("[needle]");
        assertThat(shown.length()).isLessThanOrEqualTo(60 + 4);
        assertThat(parts).filteredOn(Part::match).extracting(Part::text).containsExactly("needle");
    }

    @Test
    void lineBreaksBecomeSpacesAndCodePointsAreNeverCut() {
        assertThat(marked(SearchText.snippet("first line\nsecond\tneedle", List.of("needle"), 160)))
                .isEqualTo("first line second [needle]");
        // No space to cut at: the cuts fall between two emoji, never between the halves of one.
        for (String text : List.of("🙂".repeat(50) + "needle", "needle" + "🙂".repeat(50))) {
            List<Part> parts = SearchText.snippet(text, List.of("needle"), 21);
            assertThat(marked(parts)).contains("[needle]");
            for (Part part : parts) {
                assertThat(part.text().codePoints()).noneMatch(c -> Character.getType(c) == Character.SURROGATE);
            }
        }
    }

    @Test
    void withoutAMatchTheStartOfTheTextShows() {
        assertThat(marked(SearchText.snippet("nothing here", List.of("else"), 160))).isEqualTo("nothing here");
        assertThat(marked(SearchText.snippet("abc def ghi", List.of("zz"), 5))).isEqualTo("abc…");
    }
}
