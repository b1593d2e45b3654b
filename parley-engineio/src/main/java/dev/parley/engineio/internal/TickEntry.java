package dev.parley.engineio.internal;

/**
 * A deadline that a {@link TickWheel} runs: an object its owner keeps and arms again and again (a session's
 * heartbeat: its next ping, then its pong deadline, then its next ping...), so that moving a deadline
 * allocates nothing. From its first {@link TickWheel#arm} to its {@link TickWheel#disarm} it holds a place
 * in that wheel (its {@link #id}), armed or not; the owner disarms it when done with it. Used only from
 * the wheel's thread.
 */
abstract class TickEntry {
    /** Its index in the wheel that holds it, or -1: an int, so that moving it stores no reference. */
    int id = -1;

    /** Its deadline came: called by the wheel's thread, once per arming, after the entry was unarmed. */
    abstract void expire();
}
