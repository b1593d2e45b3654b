package dev.parley.chat;

import java.time.Duration;

/**
 * The bounds of message search (the {@code search} event, docs/chat.md "Search"). Immutable.
 *
 * @param maxQueryLength longest query, in characters; longer is refused ({@code invalid_query}). Default
 *     {@value #DEFAULT_MAX_QUERY_LENGTH}.
 * @param maxWords most words in a query (each one is a condition on the index); more is refused. Default
 *     {@value #DEFAULT_MAX_WORDS}.
 * @param pageSize results per answer; the next page is asked with the answer's {@code next}. Default
 *     {@value #DEFAULT_PAGE_SIZE}.
 * @param limit searches (pages included) a user may make per {@code window}, all tabs (and nodes) together; past it
 *     {@code rate_limited} with {@code retryAfter}. Default {@value #DEFAULT_LIMIT}.
 * @param window the window of {@code limit}. Default 10 s.
 * @param snippetLength characters of a message shown around its first match. Default
 *     {@value #DEFAULT_SNIPPET_LENGTH}.
 */
public record ChatSearchConfig(int maxQueryLength, int maxWords, int pageSize, int limit, Duration window,
        int snippetLength) {
    /** 200 characters: a sentence, many times what people type into a search field. */
    public static final int DEFAULT_MAX_QUERY_LENGTH = 200;
    /** 10 words. */
    public static final int DEFAULT_MAX_WORDS = 10;
    /** 20 results per page (about 10 KB of JSON). */
    public static final int DEFAULT_PAGE_SIZE = 20;
    /** 20 searches per window: someone paging through results twice a second passes. */
    public static final int DEFAULT_LIMIT = 20;
    /** The window of the search limit: 10 s. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);
    /** 160 characters around the first match. */
    public static final int DEFAULT_SNIPPET_LENGTH = 160;
    /** Every default. */
    public static final ChatSearchConfig DEFAULTS = new ChatSearchConfig(DEFAULT_MAX_QUERY_LENGTH, DEFAULT_MAX_WORDS,
            DEFAULT_PAGE_SIZE, DEFAULT_LIMIT, DEFAULT_WINDOW, DEFAULT_SNIPPET_LENGTH);

    public ChatSearchConfig {
        if (maxQueryLength <= 0 || maxWords <= 0 || pageSize <= 0 || limit <= 0 || snippetLength <= 0) {
            throw new IllegalArgumentException("search limits must be positive");
        }
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the search window must be positive");
        }
    }

    /** These bounds with another rate limit. */
    public ChatSearchConfig withLimit(int searches, Duration per) {
        return new ChatSearchConfig(maxQueryLength, maxWords, pageSize, searches, per, snippetLength);
    }

    /** These bounds with another page size. */
    public ChatSearchConfig withPageSize(int results) {
        return new ChatSearchConfig(maxQueryLength, maxWords, results, limit, window, snippetLength);
    }

    /** These bounds with other query limits. */
    public ChatSearchConfig withQueryLimits(int characters, int words) {
        return new ChatSearchConfig(characters, words, pageSize, limit, window, snippetLength);
    }
}
