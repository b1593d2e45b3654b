package dev.parley.chat.internal;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rules of nicknames and room names (docs/chat.md, "Names"). A name is taken in NFKC, so that
 * compatibility forms (full-width {@code ＧＥＮＥＲＡＬ}, ligatures) are the name they look like; it may not
 * contain invisible or text-direction characters; and two names are the same name when their UTS #39
 * confusable skeletons (of the case-folded name) are equal, so {@code аlice} with a Cyrillic {@code а} is
 * {@code alice}'s name. Thread-safe (ICU's normalizer and spoof checker are immutable).
 */
public final class Nicknames {
    public static final int MAX_NICKNAME = 32;
    public static final int MAX_ROOM = 64;
    private static final Normalizer2 NFKC = Normalizer2.getNFKCInstance();
    private static final SpoofChecker SPOOF = new SpoofChecker.Builder().setChecks(SpoofChecker.CONFUSABLE).build();
    // Names the server itself writes under, compared by skeleton: "аnnouncement" is "announcement".
    private static final Set<String> RESERVED = Set.of("announcement", "server", "system").stream()
            .map(Nicknames::skeleton).collect(Collectors.toUnmodifiableSet());

    private Nicknames() {
    }

    /** The nickname in NFKC, trimmed; null for null. {@link #problem} says whether it is acceptable. */
    public static String normalize(String raw) {
        return raw == null ? null : NFKC.normalize(raw).strip();
    }

    /** Why a (normalized) nickname is not acceptable, or null if it is. */
    public static String problem(String nickname) {
        if (nickname == null || nickname.isEmpty()) {
            return "Pick a nickname";
        }
        if (nickname.codePointCount(0, nickname.length()) > MAX_NICKNAME) {
            return "A nickname has at most " + MAX_NICKNAME + " characters";
        }
        if (nickname.codePoints().anyMatch(Character::isISOControl)) {
            return "A nickname cannot contain control characters";
        }
        if (nickname.codePoints().anyMatch(Nicknames::invisible)) {
            return "A nickname cannot contain invisible or text-direction characters";
        }
        if (RESERVED.contains(skeleton(nickname))) {
            return "That nickname is reserved";
        }
        return null;
    }

    /**
     * The name's confusable skeleton (UTS #39 §4) after case folding: equal for names people cannot tell
     * apart ({@code alice}, {@code Alice}, {@code аlice}, {@code alıce}). Stored beside each name and unique.
     */
    public static String skeleton(String name) {
        return SPOOF.getSkeleton(UCharacter.foldCase(NFKC.normalize(name), true));
    }

    /** True if two names are the same name for people who read them: equal after NFKC and case folding. */
    public static boolean sameName(String a, String b) {
        return UCharacter.foldCase(NFKC.normalize(a), true).equals(UCharacter.foldCase(NFKC.normalize(b), true));
    }

    /**
     * Characters that do not show, or reorder what is around them: format characters (zero-width space and
     * joiners, LRM/RLM, the bidi embeddings, overrides and isolates such as U+202E), every default-ignorable
     * code point (Hangul fillers, variation selectors), whitespace other than the space, and unassigned,
     * private-use and surrogate code points (they render as nothing or anything).
     */
    static boolean invisible(int c) {
        int type = Character.getType(c);
        return type == Character.FORMAT || type == Character.UNASSIGNED || type == Character.PRIVATE_USE
                || type == Character.SURROGATE
                || UCharacter.hasBinaryProperty(c, UProperty.DEFAULT_IGNORABLE_CODE_POINT)
                || UCharacter.hasBinaryProperty(c, UProperty.BIDI_CONTROL)
                || (c != ' ' && (Character.isWhitespace(c) || Character.isSpaceChar(c)));
    }

    /**
     * A room name without its '#': NFKC, lower-cased, then 1-64 letters, digits, '-' or '_'; or null if
     * invalid. Look-alike rooms are refused when created (by skeleton, {@link #skeleton}).
     */
    public static String room(String raw) {
        if (raw == null) {
            return null;
        }
        String name = NFKC.normalize(raw).strip();
        if (name.startsWith("#")) {
            name = name.substring(1);
        }
        // Lower case as before this version (not full case folding, which would turn a stored "straße" into
        // "strasse"), so that stored room names keep meaning the same room.
        name = name.toLowerCase(java.util.Locale.ROOT);
        return name.matches("[\\p{L}\\p{N}_-]{1," + MAX_ROOM + "}") ? name : null;
    }
}
