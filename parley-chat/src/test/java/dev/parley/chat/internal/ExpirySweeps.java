package dev.parley.chat.internal;

/** Runs a {@link RoomExpiry}'s sweep at once, from tests outside this package (another node's sweep). */
public final class ExpirySweeps {
    private ExpirySweeps() {
    }

    /** Sweeps as at this moment; returns how many rooms it deleted. */
    public static int sweepNow(RoomExpiry expiry) {
        return expiry.sweep(System.currentTimeMillis());
    }
}
