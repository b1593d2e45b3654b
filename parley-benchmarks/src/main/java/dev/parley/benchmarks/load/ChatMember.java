package dev.parley.benchmarks.load;

import java.util.BitSet;

/**
 * The accounting of one simulated user of the {@code chat} scenario: as a sender, which of its messages the
 * server stored (acknowledged {@code ok}); as a receiver, which messages of each other member of its room
 * arrived, so that loss and duplicates are counted per message and member, not only in totals. Its
 * connection's event loop records, the scenario reads at the end: synchronized, never contended in the run.
 */
final class ChatMember {
    private final int user;
    private final BitSet stored = new BitSet();
    /** By the sender's place in the room: the message numbers received from it. */
    private final BitSet[] receivedFrom;
    private long duplicates;

    /** @param roomSize the members of its room, itself included: the senders it may hear from */
    ChatMember(int user, int roomSize) {
        this.user = user;
        this.receivedFrom = new BitSet[roomSize];
    }

    int user() {
        return user;
    }

    /** Its message {@code seq} was acknowledged {@code ok}: stored, so every other member must get it. */
    synchronized void stored(long seq) {
        stored.set(index(seq));
    }

    /**
     * Message {@code seq} of the member at {@code senderPlace} arrived; false if it had already (a duplicate,
     * counted).
     */
    synchronized boolean received(int senderPlace, long seq) {
        BitSet from = receivedFrom[senderPlace];
        if (from == null) {
            from = new BitSet();
            receivedFrom[senderPlace] = from;
        }
        int i = index(seq);
        if (from.get(i)) {
            duplicates++;
            return false;
        }
        from.set(i);
        return true;
    }

    synchronized long duplicates() {
        return duplicates;
    }

    /** Its stored messages, a copy. */
    synchronized BitSet storedMessages() {
        return (BitSet) stored.clone();
    }

    /** How many of {@code storedBySender} (the sender at {@code senderPlace}) never arrived here. */
    synchronized int missing(int senderPlace, BitSet storedBySender) {
        BitSet missing = (BitSet) storedBySender.clone();
        if (receivedFrom[senderPlace] != null) {
            missing.andNot(receivedFrom[senderPlace]);
        }
        return missing.cardinality();
    }

    /** How many messages from the sender at {@code senderPlace} arrived here though it was never told they were stored. */
    synchronized int unconfirmed(int senderPlace, BitSet storedBySender) {
        if (receivedFrom[senderPlace] == null) {
            return 0;
        }
        BitSet extra = (BitSet) receivedFrom[senderPlace].clone();
        extra.andNot(storedBySender);
        return extra.cardinality();
    }

    private static int index(long seq) {
        if (seq < 0 || seq > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("message number out of range: " + seq);
        }
        return (int) seq;
    }
}
