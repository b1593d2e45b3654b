package dev.parley.chat.internal;

import dev.parley.chat.cluster.AttemptLimit;
import java.net.InetSocketAddress;

/**
 * Failed password checks, per client address (the chat's table shared with session tokens) and per nickname (its
 * skeleton, so that look-alikes share a count, from all addresses together). A check counts as failed when it
 * arrives, before its slow hash runs, so that a burst of parallel guesses cannot all pass the limit; one that turns
 * out right, or could not run, is given back. Thread-safe.
 */
final class GuessThrottle {
    private final AttemptLimit addresses;
    private final AttemptLimit nicknames;

    GuessThrottle(AttemptLimit addresses, AttemptLimit nicknames) {
        this.addresses = addresses;
        this.nicknames = nicknames;
    }

    /** Counts a check from {@code client} on the nickname with {@code skeleton}; false (nothing counted) past a limit. */
    boolean tryCount(InetSocketAddress client, String skeleton) {
        if (!addresses.tryAcquire(client)) {
            return false;
        }
        if (!nicknames.tryAcquire(skeleton)) {
            addresses.refund(client);
            return false;
        }
        return true;
    }

    /** Gives a counted check back: the password was right, or it could not be checked. */
    void giveBack(InetSocketAddress client, String skeleton) {
        addresses.refund(client);
        nicknames.refund(skeleton);
    }
}
