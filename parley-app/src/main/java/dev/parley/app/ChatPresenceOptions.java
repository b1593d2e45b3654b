package dev.parley.app;

import dev.parley.chat.ChatConfig;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The chat's presence options, mixed into {@code parley serve}. Defaults are {@link ChatConfig}'s
 * ({@link ChatConfig#DEFAULT_LEAVE_GRACE}, {@link ChatConfig#DEFAULT_LIST_PAGE_SIZE}).
 */
final class ChatPresenceOptions {
    @Option(names = "--leave-grace", converter = DurationConverter.class,
            defaultValue = "${env:PARLEY_LEAVE_GRACE:-5s}",
            description = "Chat: how long a closed tab still counts as there, so that a reload within it is not "
                    + "announced as a leave and a join; 0s announces at once (env PARLEY_LEAVE_GRACE). "
                    + "Default: ${DEFAULT-VALUE}")
    Duration leaveGrace;

    @Option(names = "--list-page-size", defaultValue = "${env:PARLEY_LIST_PAGE_SIZE:-500}",
            description = "Chat: names per answer of presence:list and rooms:list (env PARLEY_LIST_PAGE_SIZE). "
                    + "Default: ${DEFAULT-VALUE}")
    int listPageSize;

    /** Applies these options to the chat's configuration. */
    ChatConfig.Builder applyTo(ChatConfig.Builder builder) {
        return builder.leaveGrace(leaveGrace).listPageSize(listPageSize);
    }
}
