package dev.parley.chat.store;

import java.util.List;
import java.util.Set;

/**
 * A search of messages ({@link ChatStore#search}): the messages that contain every word, among those the asker
 * may see, newest first.
 *
 * @param words what to find, each a run of letters and digits (the caller splits the query): a message matches if
 *     each word begins one of its words (a one-character word must be a whole word), ignoring case (and, on
 *     SQLite, accents). Never empty.
 * @param user the asker
 * @param rooms the rooms whose messages may be found (those the asker is in)
 * @param conversations whether the asker's private conversations are searched too (only those written since the
 *     recipient claimed the name, as {@link ChatStore#conversation} shows them)
 * @param with only the private conversation with this person (null: all of the asker's); only with
 *     {@code conversations}
 * @param beforeId only messages older than this id (0: from the newest): the cursor of the next page
 * @param limit the most messages to return
 */
public record MessageSearch(List<String> words, String user, Set<String> rooms, boolean conversations, String with,
        long beforeId, int limit) {

    public MessageSearch {
        words = List.copyOf(words);
        rooms = Set.copyOf(rooms);
        if (words.isEmpty()) {
            throw new IllegalArgumentException("a search needs a word");
        }
    }

    /** Whether anything at all may be found: a room, or the asker's conversations. */
    public boolean hasScope() {
        return !rooms.isEmpty() || conversations;
    }
}
