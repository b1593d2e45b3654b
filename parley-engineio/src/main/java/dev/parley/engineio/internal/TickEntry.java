package dev.parley.engineio.internal;

/**
 * A deadline that a {@link TickWheel} runs: an object its owner keeps and arms again and again (a session's
 * heartbeat: its next ping, then its pong deadline, then its next ping...), so that moving a deadline
 * allocates nothing. The link fields belong to the wheel the entry is armed on; an entry is armed on one
 * wheel at a time, and only from that wheel's thread.
 */
abstract class TickEntry {
    static final int UNARMED = -2;
    /** In the wheel's list of entries being run. */
    static final int DUE = -1;

    TickEntry prev;
    TickEntry next;
    /** The tick it runs at, while armed. */
    long tick;
    /** Its bucket, {@link #DUE} or {@link #UNARMED}. */
    int slot = UNARMED;

    /** Its deadline came: called by the wheel's thread, once per arming, after the entry was unarmed. */
    abstract void expire();

    final boolean isArmed() {
        return slot != UNARMED;
    }
}
