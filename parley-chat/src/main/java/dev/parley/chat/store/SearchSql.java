package dev.parley.chat.store;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The two full-text dialects of message search: SQLite's FTS5 ({@code messages_fts}, migration V8) and
 * PostgreSQL's text search (a GIN index on {@code to_tsvector('simple', body)}, migration V8). Both get the
 * words already split into letters and digits, so nothing a user types can reach either query syntax as an
 * operator: {@code "}, {@code NEAR(}, {@code OR}, {@code &}, {@code !} or {@code :*} are split away or become
 * plain words.
 */
enum SearchSql {
    SQLITE {
        /**
         * From the index, newest first: FTS5 yields rowids in descending order without a sort, so the query stops
         * once the page is full instead of sorting every match (a word in a quarter of 200,000 messages: 11 ms
         * instead of 87 ms).
         */
        @Override
        String select(String columns, String visible) {
            String qualified = "messages." + String.join(", messages.", columns.split(", "));
            return "SELECT " + qualified + " FROM messages_fts JOIN messages ON messages.id = messages_fts.rowid "
                    + "WHERE messages_fts MATCH ? AND messages_fts.rowid < ? AND (" + visible + ") "
                    + "ORDER BY messages_fts.rowid DESC LIMIT ?";
        }

        /** FTS5: a quoted string per word (a phrase of one token), "*" for a prefix; juxtaposed words all match. */
        @Override
        String query(List<String> words) {
            return words.stream().map(w -> "\"" + w.replace("\"", "\"\"") + "\"" + (prefix(w) ? "*" : ""))
                    .collect(Collectors.joining(" "));
        }
    },
    POSTGRESQL {
        /**
         * The matches from the GIN index, then the newest of them. The fence (MATERIALIZED) is on purpose: given
         * ORDER BY id DESC LIMIT, PostgreSQL, which cannot estimate how many messages a prefix matches, walks the
         * primary key backwards computing every message's vector until the page is full: 2 s for a rare word in
         * 200,000 messages. Through the index: 0.2 ms for a rare word, about 85 ms for one in a quarter of them.
         * The expression is the index's, or the index is not used.
         */
        @Override
        String select(String columns, String visible) {
            return "WITH found AS MATERIALIZED (SELECT id FROM messages WHERE to_tsvector('simple', body) @@ "
                    + "to_tsquery('simple', ?) AND id < ? AND (" + visible + ")) SELECT " + columns + " FROM messages "
                    + "WHERE id IN (SELECT id FROM found ORDER BY id DESC LIMIT ?) ORDER BY id DESC";
        }

        /** to_tsquery: a quoted lexeme per word, ":*" for a prefix, joined by "&". */
        @Override
        String query(List<String> words) {
            return words.stream().map(w -> "'" + w.replace("'", "''").replace("\\", "\\\\") + "'" + (prefix(w) ? ":*" : ""))
                    .collect(Collectors.joining(" & "));
        }
    };

    /**
     * The search: {@code columns} of the messages matching the query that {@code visible} (a condition on
     * {@code messages} columns) lets through, newest first. Parameters: the {@link #query}, the id they are
     * older than, those of {@code visible}, the limit.
     */
    abstract String select(String columns, String visible);

    /** The query parameter of {@link #matches()} for these words. */
    abstract String query(List<String> words);

    static SearchSql of(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:sqlite:") ? SQLITE : POSTGRESQL;
    }

    /**
     * Words of two characters or more find the words they begin ("depl" finds "deployed"); one character is a
     * whole word, else it would match most messages.
     */
    private static boolean prefix(String word) {
        return word.codePointCount(0, word.length()) >= 2;
    }
}
