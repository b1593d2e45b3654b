package dev.parley.chat.cluster;

import java.util.List;

/**
 * What a tab (or a dead node's tabs, for one user) took with it.
 *
 * @param user the user whose tab or tabs went
 * @param roomsLeft the rooms where it was the user's last tab
 * @param offline whether it was the user's last tab anywhere
 */
public record Departure(String user, List<String> roomsLeft, boolean offline) {
    public Departure {
        roomsLeft = List.copyOf(roomsLeft);
    }

    /** Nothing left: the tab was not registered. */
    public static Departure none(String user) {
        return new Departure(user, List.of(), false);
    }
}
