package dev.parley.chat.internal;

import com.ibm.icu.lang.UCharacter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The {@code @nick} mentions of a room message (docs/chat.md, "Mentions"), recognised by the server so that no
 * client guesses. A mention is an {@code @} at the start of the text or after a character that is not a letter,
 * digit, {@code _} or {@code @} (so {@code bob@example.com} names nobody), followed by the name up to the next
 * whitespace or {@code @}; trailing punctuation ({@code @bob,}) is dropped unless the name with it is a claimed
 * nickname. Names are compared as nicknames are claimed (NFKC, case folding: {@code @BOB} and {@code @ｂｏｂ} name
 * {@code bob}); only claimed nicknames count, each once, never the sender. Pure parsing here; resolving asks a
 * lookup of claimed nicknames, once per distinct name. Thread-safe.
 */
public final class Mentions {
    /** Longest name looked at after an {@code @}: a nickname's 32 characters, and some punctuation after it. */
    private static final int MAX_TOKEN = Nicknames.MAX_NICKNAME + 8;

    private Mentions() {
    }

    /**
     * The distinct names written after an {@code @} in {@code text}, in order, as first typed (not normalised yet);
     * names that are the same after NFKC and case folding ({@code @bob}, {@code @BOB}) are one.
     */
    public static List<String> names(String text) {
        Map<String, String> names = new LinkedHashMap<>();
        int i = 0;
        while ((i = text.indexOf('@', i)) >= 0) {
            int start = i + 1;
            boolean atBoundary = i == 0 || !isNameBefore(text.codePointBefore(i));
            int end = start;
            while (end < text.length() && end - start < MAX_TOKEN * 2) {
                int c = text.codePointAt(end);
                if (Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '@') {
                    break;
                }
                end += Character.charCount(c);
            }
            if (atBoundary && end > start) {
                String token = text.substring(start, end);
                if (token.codePointCount(0, token.length()) <= MAX_TOKEN) {
                    names.putIfAbsent(UCharacter.foldCase(Nicknames.normalize(token), true), token);
                }
            }
            i = Math.max(end, start);
        }
        return new ArrayList<>(names.values());
    }

    /**
     * The claimed nicknames {@code names} mention, each once and in the order written, without {@code sender}.
     *
     * @param claimed the claimed nickname someone means by a name (same name after NFKC and case folding), or null
     */
    public static List<String> resolve(List<String> names, String sender, UnaryOperator<String> claimed) {
        Set<String> found = new LinkedHashSet<>();
        for (String name : names) {
            String who = claimedFrom(name, claimed);
            if (who != null && !Nicknames.sameName(who, sender)) {
                found.add(who);
            }
        }
        return new ArrayList<>(found);
    }

    /** The name as written, else without its trailing punctuation ({@code @bob,} {@code @bob!}). */
    private static String claimedFrom(String name, UnaryOperator<String> claimed) {
        String whole = lookUp(name, claimed);
        if (whole != null) {
            return whole;
        }
        int end = name.length();
        while (end > 0 && isPunctuation(name.codePointBefore(end))) {
            end -= Character.charCount(name.codePointBefore(end));
        }
        return end < name.length() && end > 0 ? lookUp(name.substring(0, end), claimed) : null;
    }

    private static String lookUp(String name, UnaryOperator<String> claimed) {
        String normalized = Nicknames.normalize(name);
        return Nicknames.problem(normalized) == null ? claimed.apply(normalized) : null;
    }

    private static boolean isNameBefore(int c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '@';
    }

    private static boolean isPunctuation(int c) {
        return switch (Character.getType(c)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }
}
