package dev.parley.benchmarks.load;

import java.util.concurrent.atomic.LongAdder;

/** Counters shared by every connection of a run; updated from any event loop, read by the scenario. */
final class ConnectionStats {
    final LongAdder webSocketPingsAnswered = new LongAdder();
    final LongAdder engineIoPingsAnswered = new LongAdder();
    /** Replies that did not match their request (ack id out of order, wrong echo length). */
    final LongAdder mismatchedReplies = new LongAdder();
    /** Messages that were neither a reply nor part of a handshake (the echo app's {@code auth} event...). */
    final LongAdder otherMessages = new LongAdder();
    /** The Engine.IO ping interval the server announced in its open packet, 0 if none. */
    volatile long engineIoPingIntervalMillis;
}
