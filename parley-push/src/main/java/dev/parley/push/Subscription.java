package dev.parley.push;

/** A live subscription to one topic; {@link #close()} stops it (idempotent). */
public interface Subscription extends AutoCloseable {
    String topic();

    @Override
    void close();
}
