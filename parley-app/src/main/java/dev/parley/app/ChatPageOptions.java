package dev.parley.app;

import dev.parley.chat.ChatConfig;
import picocli.CommandLine.Option;

/** {@code --max-page-bytes}, mixed into {@code parley serve}: the byte bound of the chat's {@code sync} and {@code changes} pages. */
final class ChatPageOptions {
    @Option(names = "--max-page-bytes", defaultValue = "${env:PARLEY_MAX_PAGE_BYTES:-" + ChatConfig.DEFAULT_MAX_PAGE_BYTES + "}",
            description = "Chat: most bytes (JSON) of the messages in one sync or changes page, besides their number; "
                    + "past it the page is cut and the client asks on with hasMore and its cursor. Keep it well under "
                    + "--max-buffered-amount (env PARLEY_MAX_PAGE_BYTES). Default: ${DEFAULT-VALUE}")
    int maxPageBytes;
}
