package dev.parley.chat.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BytePagesTest {
    /** {"id":N,"text":"€€€€€€€€€€"}: 10 three-byte characters, 48 bytes for a one-digit id. */
    private static Map<String, Object> view(int id) {
        return Map.of("id", id, "text", "€".repeat(10));
    }

    private static List<Map<String, Object>> views(int count) {
        List<Map<String, Object>> views = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            views.add(view(i));
        }
        return views;
    }

    @Test
    void theSizeIsThatOfTheJsonInUtf8() {
        String json = "{\"id\":1,\"text\":\"" + "€".repeat(10) + "\"}";
        assertThat(BytePages.encodedSize(Map.of("id", 1, "text", "€".repeat(10))))
                .isEqualTo(json.getBytes(StandardCharsets.UTF_8).length).isEqualTo(48);
        assertThat(BytePages.encodedSize(Map.of("text", "a\"b\\c\n"))).isEqualTo("{\"text\":\"a\\\"b\\\\c\\n\"}".length());
    }

    @Test
    void aPageStopsAtTheByteBoundWithTheCommasCounted() {
        // Three views and two commas: 3 x 48 + 2 = 146 bytes.
        BytePages.Page atTheBound = BytePages.cut(views(5), 500, 146);
        assertThat(atTheBound.views()).hasSize(3);
        assertThat(atTheBound.bytes()).isEqualTo(146);
        assertThat(atTheBound.hasMore()).isTrue();
        BytePages.Page onePastIt = BytePages.cut(views(5), 500, 145);
        assertThat(onePastIt.views()).hasSize(2);
        assertThat(onePastIt.hasMore()).isTrue();
    }

    @Test
    void aPageStopsAtTheCountAndSaysWhetherMoreWereLeftOut() {
        assertThat(BytePages.cut(views(5), 3, Long.MAX_VALUE).views()).hasSize(3);
        assertThat(BytePages.cut(views(5), 3, Long.MAX_VALUE).hasMore()).isTrue();
        assertThat(BytePages.cut(views(3), 3, Long.MAX_VALUE).hasMore()).isFalse();
        assertThat(BytePages.cut(views(0), 3, 10).views()).isEmpty();
        assertThat(BytePages.cut(views(0), 3, 10).hasMore()).isFalse();
    }

    @Test
    void theFirstViewIsKeptWhateverItsSizeSoThatPagingMoves() {
        BytePages.Page page = BytePages.cut(views(2), 500, 1);
        assertThat(page.views()).hasSize(1);
        assertThat(page.hasMore()).isTrue();
    }
}
