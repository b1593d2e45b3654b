package dev.parley.app;

import dev.parley.chat.ChatConfig;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The chat's moderators, mixed into {@code parley serve}: {@code --admin alice,bob} (or repeated). Moderators
 * may delete any room message and remove someone from a room (docs/chat.md, "Moderators"); name
 * password-protected nicknames, since a moderator is whoever holds the nickname.
 */
final class ChatModerationOptions {
    @Option(names = "--admin", split = ",", paramLabel = "NICK", defaultValue = "${env:PARLEY_ADMIN:-}",
            description = "Chat: moderators' nicknames, comma-separated or repeated; they may delete any room "
                    + "message and remove someone from a room. Name password-protected nicknames "
                    + "(env PARLEY_ADMIN). Default: none")
    List<String> admins = new ArrayList<>();

    /** Applies these options to the chat's configuration. */
    ChatConfig.Builder applyTo(ChatConfig.Builder builder) {
        List<String> names = new ArrayList<>(admins);
        names.replaceAll(String::strip);
        names.removeIf(String::isEmpty);
        return builder.admins(names);
    }
}
