package dev.parley.socketio.parser;

/**
 * Canonical copies of the short strings that repeat from packet to packet (object keys, event names,
 * namespaces), so that decoding {@code {"text":..}} does not allocate {@code "text"} every time: the role of
 * Jackson's symbol table. A fixed, direct-mapped table: a collision replaces the slot, so its memory is
 * bounded ({@value #SLOTS} strings of at most {@value #MAX_LENGTH} chars) whatever the clients send.
 *
 * <p>Thread-safe without locks: slots are read and written racily, which is safe because a {@code String}
 * is immutable and published through its final fields; a lost write only costs a later miss.
 */
final class StringCache {
    static final int MAX_LENGTH = 32;
    private static final int SLOTS = 512;

    private final String[] slots = new String[SLOTS];

    /** {@code text.substring(start, end)}, from the table when it holds an equal string. */
    String get(String text, int start, int end) {
        int length = end - start;
        if (length > MAX_LENGTH) {
            return text.substring(start, end);
        }
        int hash = 0;
        for (int i = start; i < end; i++) {
            hash = 31 * hash + text.charAt(i);
        }
        int slot = (hash ^ hash >>> 16) & SLOTS - 1;
        String cached = slots[slot];
        if (cached != null && cached.length() == length && text.regionMatches(start, cached, 0, length)) {
            return cached;
        }
        String copy = text.substring(start, end);
        slots[slot] = copy;
        return copy;
    }
}
