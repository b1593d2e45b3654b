package dev.parley.server;

import java.util.Map;

/**
 * A request of a streaming route ({@link StreamingHandler}) waiting for its answer: either one whole response,
 * at any later time ({@link #respond}, long polling), or a response head followed by a body of unknown length
 * written piece by piece ({@link #open}, Server-Sent Events). Exactly one of the two may be used, once.
 *
 * <p>Thread-safe: every method may be called from any thread and never blocks (the work is queued to the
 * connection's event loop, in call order).
 *
 * <p>While the request is pending the connection is not idle: the server's HTTP idle timeout does not close
 * it; requests the client pipelines behind it wait (at most 16, then the connection stops being read).
 */
public interface HttpExchange {
    /**
     * Sends the whole response; the connection then serves its next request (keep-alive).
     *
     * @return false if the exchange was already answered, or is over (the client left, the server stopped):
     *     the response is then dropped, which lets two sources of an answer (an event, a timer) race safely
     */
    boolean respond(HttpResponse response);

    /**
     * Sends the response head and returns the stream of its body: {@code Transfer-Encoding: chunked} for
     * HTTP/1.1 (each {@link HttpStream#write} is one chunk, sent as soon as it is written), the bytes as they
     * come for HTTP/1.0. The stream owns the connection until it ends: the response says
     * {@code Connection: close}, the idle and request timeouts no longer apply, and any byte the client sends
     * on it (a pipelined request) closes it. To a {@code HEAD} request only the head is sent, and the stream
     * is closed at once.
     *
     * @param headers response headers (no {@code Content-Length}, {@code Transfer-Encoding} or {@code Connection}:
     *     the server sets those)
     * @throws IllegalStateException if the exchange was already answered
     */
    HttpStream open(int status, Map<String, String> headers);

    /**
     * Runs {@code action} once when the exchange is over, whichever way: after its response was sent, when its
     * stream ended ({@link HttpStream#onClose}), when the client left before an answer, or when the server
     * stopped. Runs on the connection's event loop, so it must not block (release a subscription, count);
     * registered after the end, it runs at once on the caller's thread.
     */
    void onClose(Runnable action);

    /** False once the exchange is over (answered and sent, or the connection gone). */
    boolean isOpen();
}
