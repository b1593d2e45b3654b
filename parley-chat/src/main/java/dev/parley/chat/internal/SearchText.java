package dev.parley.chat.internal;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The words of a search and the snippet of a found message. Pure: no store, no socket.
 *
 * <p>A word is a run of letters, digits and combining marks, as SQLite's unicode61 tokenizer and PostgreSQL's
 * parser mostly see it; everything else separates words. So a query is only ever plain words: the operators of
 * either engine ({@code "}, {@code NEAR(}, {@code *}, {@code &}, {@code |}, {@code !}, {@code :}) are separators,
 * and {@code OR} or {@code NEAR} are words like any other.
 */
public final class SearchText {
    /** One part of a snippet: text, matching a word of the search or not. The client shows matches marked. */
    public record Part(String text, boolean match) {
    }

    private SearchText() {
    }

    /** The distinct words of a query, in order. */
    public static List<String> words(String query) {
        Set<String> words = new LinkedHashSet<>();
        for (int[] span : spans(query)) {
            words.add(query.substring(span[0], span[1]));
        }
        return List.copyOf(words);
    }

    /**
     * About {@code maxChars} characters of {@code text} around its first word that a search word begins (ignoring
     * case and accents), split into parts where words match; line breaks become spaces. "…" marks text cut at
     * either end. Without a match (the engines split some scripts differently), the start of the text.
     */
    public static List<Part> snippet(String text, List<String> words, int maxChars) {
        List<String> wanted = words.stream().map(SearchText::fold).toList();
        List<int[]> matches = new ArrayList<>();
        for (int[] span : spans(text)) {
            String folded = fold(text.substring(span[0], span[1]));
            if (wanted.stream().anyMatch(w -> w.codePointCount(0, w.length()) >= 2 ? folded.startsWith(w) : folded.equals(w))) {
                matches.add(span);
            }
        }
        int first = matches.isEmpty() ? 0 : matches.get(0)[0];
        int start = first <= maxChars / 4 ? 0 : wordStart(text, first - maxChars / 4, first);
        int end = Math.min(text.length(), start + maxChars);
        if (end < text.length()) {
            end = wordEnd(text, end, first);
        }
        List<Part> parts = new ArrayList<>();
        StringBuilder plain = new StringBuilder(start > 0 ? "…" : "");
        int at = start;
        for (int[] m : matches) {
            if (m[0] < start || m[1] > end) {
                continue;
            }
            plain.append(text, at, m[0]);
            if (plain.length() > 0) {
                parts.add(new Part(oneLine(plain), false));
            }
            plain.setLength(0);
            parts.add(new Part(text.substring(m[0], m[1]), true));
            at = m[1];
        }
        plain.append(text, at, end).append(end < text.length() ? "…" : "");
        if (plain.length() > 0) {
            parts.add(new Part(oneLine(plain), false));
        }
        return parts;
    }

    /** The spans [start, end) of the words of a text (UTF-16 indexes, never inside a code point). */
    private static List<int[]> spans(String text) {
        List<int[]> spans = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (isWordChar(c)) {
                if (start < 0) {
                    start = i;
                }
            } else if (start >= 0) {
                spans.add(new int[] {start, i});
                start = -1;
            }
            i += Character.charCount(c);
        }
        if (start >= 0) {
            spans.add(new int[] {start, text.length()});
        }
        return spans;
    }

    private static boolean isWordChar(int c) {
        int type = Character.getType(c);
        return Character.isLetterOrDigit(c) || type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
    }

    /** Lower case without accents: "Café" and "cafe" are the same word to the eye of someone searching. */
    static String fold(String word) {
        String decomposed = Normalizer.normalize(word, Normalizer.Form.NFKD);
        StringBuilder out = new StringBuilder(decomposed.length());
        decomposed.codePoints().filter(c -> Character.getType(c) != Character.NON_SPACING_MARK).forEach(out::appendCodePoint);
        return out.toString().toLowerCase(Locale.ROOT);
    }

    /**
     * Where a snippet that must show {@code first} begins, near {@code i}: after the first space between them
     * (not in the middle of a word), else at {@code i} (a script without spaces), never inside a code point.
     */
    private static int wordStart(String text, int i, int first) {
        for (int j = i; j < first; j++) {
            if (Character.isWhitespace(text.charAt(j))) {
                return j + 1;
            }
        }
        return Character.isLowSurrogate(text.charAt(i)) ? i + 1 : i;
    }

    /**
     * The end of the snippet at or before {@code i}: at a space if there is one after {@code keep}, never inside
     * a code point.
     */
    private static int wordEnd(String text, int i, int keep) {
        int space = text.lastIndexOf(' ', i);
        int end = space > keep ? space : i;
        return Character.isLowSurrogate(text.charAt(end)) ? end - 1 : end;
    }

    private static String oneLine(CharSequence s) {
        return s.toString().replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
    }
}
