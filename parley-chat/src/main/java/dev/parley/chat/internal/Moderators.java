package dev.parley.chat.internal;

import java.util.List;

/**
 * The nicknames named moderators ({@code ChatConfig.admins}, {@code --admin}): they may delete any room message
 * and remove someone from a room. Matched as names are claimed (NFKC, case-insensitively: {@code --admin Alice}
 * is {@code alice}). A moderator is whoever holds the nickname, so the names should be password-protected ones
 * (docs/chat.md, "Moderators"). Immutable.
 */
public final class Moderators {
    private final List<String> names;

    /** @throws IllegalArgumentException for a name that no one could claim (the reason says why) */
    public Moderators(List<String> names) {
        this.names = names.stream().map(Nicknames::normalize).toList();
        for (String name : this.names) {
            String problem = Nicknames.problem(name);
            if (problem != null) {
                throw new IllegalArgumentException("moderator \"" + name + "\": " + problem);
            }
        }
    }

    public boolean isModerator(String nickname) {
        return names.stream().anyMatch(name -> Nicknames.sameName(name, nickname));
    }
}
