package dev.parley.app;

import dev.parley.chat.ChatReadConfig;
import picocli.CommandLine.Option;

/**
 * The budget of each chat user's read requests (history, lists, search...), mixed into {@code parley serve}.
 * Defaults are {@link ChatReadConfig}'s ({@link ChatReadConfig#DEFAULTS}).
 */
final class ChatReadOptions {
    @Option(names = "--read-burst", defaultValue = "${env:PARLEY_READ_BURST:-200}",
            description = "Chat: read requests (history, sync, changes, lists, mentions, search...) a user may make at "
                    + "once, all tabs and nodes together, then rate_limited (env PARLEY_READ_BURST). Default: ${DEFAULT-VALUE}")
    int burst;

    @Option(names = "--read-rate", defaultValue = "${env:PARLEY_READ_RATE:-20}",
            description = "Chat: read requests a user may make a second, sustained, once --read-burst is spent "
                    + "(env PARLEY_READ_RATE). Default: ${DEFAULT-VALUE}")
    int perSecond;

    /** These options as the chat's read budget. */
    ChatReadConfig config() {
        return new ChatReadConfig(burst, perSecond);
    }
}
