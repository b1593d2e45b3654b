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
        @Override
        String matches() {
            return "id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)";
        }

        /** FTS5: a quoted string per word (a phrase of one token), "*" for a prefix; juxtaposed words all match. */
        @Override
        String query(List<String> words) {
            return words.stream().map(w -> "\"" + w.replace("\"", "\"\"") + "\"" + (prefix(w) ? "*" : ""))
                    .collect(Collectors.joining(" "));
        }
    },
    POSTGRESQL {
        @Override
        String matches() {
            // The same expression as the index's, or the index is not used.
            return "to_tsvector('simple', body) @@ to_tsquery('simple', ?)";
        }

        /** to_tsquery: a quoted lexeme per word, ":*" for a prefix, joined by "&". */
        @Override
        String query(List<String> words) {
            return words.stream().map(w -> "'" + w.replace("'", "''").replace("\\", "\\\\") + "'" + (prefix(w) ? ":*" : ""))
                    .collect(Collectors.joining(" & "));
        }
    };

    /** The condition on {@code messages} that its text matches the query, with one parameter: {@link #query}. */
    abstract String matches();

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
