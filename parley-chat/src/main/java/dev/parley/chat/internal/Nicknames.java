package dev.parley.chat.internal;

/** The rules of nicknames and room names. */
public final class Nicknames {
    public static final int MAX_NICKNAME = 32;
    public static final int MAX_ROOM = 64;
    // Names the server itself writes under.
    private static final java.util.Set<String> RESERVED = java.util.Set.of("announcement", "server", "system");

    private Nicknames() {
    }

    /** The trimmed nickname, or null with {@link #problem} saying why it is refused. */
    public static String normalize(String raw) {
        return raw == null ? null : raw.strip();
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
        if (RESERVED.contains(nickname.toLowerCase(java.util.Locale.ROOT))) {
            return "That nickname is reserved";
        }
        return null;
    }

    /** A room name without its '#': 1-64 letters, digits, '-' or '_'; or null if invalid. */
    public static String room(String raw) {
        if (raw == null) {
            return null;
        }
        String name = raw.strip();
        if (name.startsWith("#")) {
            name = name.substring(1);
        }
        name = name.toLowerCase(java.util.Locale.ROOT);
        return name.matches("[\\p{L}\\p{N}_-]{1,64}") ? name : null;
    }
}
