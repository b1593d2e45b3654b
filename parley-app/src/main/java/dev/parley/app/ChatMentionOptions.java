package dev.parley.app;

import dev.parley.chat.ChatConfig;
import picocli.CommandLine.Option;

/** The chat's mention options, mixed into {@code parley serve}. The default is {@link ChatConfig#DEFAULT_MAX_MENTIONS}. */
final class ChatMentionOptions {
    @Option(names = "--max-mentions", defaultValue = "${env:PARLEY_MAX_MENTIONS:-20}",
            description = "Chat: distinct @names one room message may contain; more is refused with too_many_mentions "
                    + "(env PARLEY_MAX_MENTIONS). Default: ${DEFAULT-VALUE}")
    int maxMentions;

    /** Applies these options to the chat's configuration. */
    ChatConfig.Builder applyTo(ChatConfig.Builder builder) {
        return builder.maxMentions(maxMentions);
    }
}
