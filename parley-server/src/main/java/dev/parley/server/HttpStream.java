package dev.parley.server;

/**
 * The body of a streaming response ({@link HttpExchange#open}): bytes written as they come, with no length
 * known in advance, on a connection no thread waits on.
 *
 * <p>Thread-safe and non-blocking: {@link #write} only queues the bytes to the connection's event loop, in
 * call order. The array is not copied: it may be shared by many streams (an event encoded once and written to
 * every subscriber) and must not be modified after it was written.
 *
 * <p>Backpressure: {@link #bufferedBytes()} counts what is written but not yet taken by the network. A
 * write that would take it past the route's {@link StreamingOptions#maxBufferedBytes()} (default 1 MiB)
 * closes the stream instead, as a slow consumer: its connection is dropped and {@link #onClose} runs. (A
 * single write larger than the bound is accepted when nothing is buffered, so that it can be sent at all.)
 *
 * <p>Lifecycle: open until {@link #close()}, the client going away, the slow-consumer bound, or the server
 * stopping (which ends it cleanly, with the last chunk, so that an {@code EventSource} reconnects at once).
 */
public interface HttpStream {
    /**
     * Queues {@code bytes} as the next piece of the body (one chunk). An empty array is ignored.
     *
     * @return false if the stream is closed (the bytes are dropped), or if this write closed it as a slow
     *     consumer
     */
    boolean write(byte[] bytes);

    /** Bytes written and not yet taken by the network (queued to the event loop, or in the socket's buffer). */
    long bufferedBytes();

    /**
     * Runs {@code action} once when the stream ends, for any reason (the same callbacks as
     * {@link HttpExchange#onClose}). Runs on the connection's event loop: it must not block.
     */
    void onClose(Runnable action);

    /** Ends the body (the terminating chunk) and closes the connection once it is sent. Idempotent. */
    void close();

    /** False once the stream is closed or closing. */
    boolean isOpen();
}
