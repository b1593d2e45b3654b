package dev.parley.app;

import dev.parley.chat.ChatSearchConfig;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The chat's message search bounds, mixed into {@code parley serve}. Defaults are {@link ChatSearchConfig}'s
 * ({@link ChatSearchConfig#DEFAULTS}).
 */
final class ChatSearchOptions {
    @Option(names = "--search-limit", defaultValue = "${env:PARLEY_SEARCH_LIMIT:-20}",
            description = "Chat: searches (pages included) per user and --search-window, then rate_limited "
                    + "(env PARLEY_SEARCH_LIMIT). Default: ${DEFAULT-VALUE}")
    int limit;

    @Option(names = "--search-window", converter = DurationConverter.class,
            defaultValue = "${env:PARLEY_SEARCH_WINDOW:-10s}",
            description = "Chat: the window of --search-limit (env PARLEY_SEARCH_WINDOW). Default: ${DEFAULT-VALUE}")
    Duration window;

    @Option(names = "--search-page-size", defaultValue = "${env:PARLEY_SEARCH_PAGE_SIZE:-20}",
            description = "Chat: results per answer of search (env PARLEY_SEARCH_PAGE_SIZE). Default: ${DEFAULT-VALUE}")
    int pageSize;

    @Option(names = "--search-max-query-length", defaultValue = "${env:PARLEY_SEARCH_MAX_QUERY_LENGTH:-200}",
            description = "Chat: characters per search query, more is refused (env PARLEY_SEARCH_MAX_QUERY_LENGTH). "
                    + "Default: ${DEFAULT-VALUE}")
    int maxQueryLength;

    @Option(names = "--search-max-words", defaultValue = "${env:PARLEY_SEARCH_MAX_WORDS:-10}",
            description = "Chat: words per search query, more is refused (env PARLEY_SEARCH_MAX_WORDS). "
                    + "Default: ${DEFAULT-VALUE}")
    int maxWords;

    /** These options as the chat's search bounds. */
    ChatSearchConfig config() {
        return ChatSearchConfig.DEFAULTS.withLimit(limit, window).withPageSize(pageSize)
                .withQueryLimits(maxQueryLength, maxWords);
    }
}
