package dev.parley.server;

/**
 * A streaming route ({@link ParleyServer#addStreamingRoute}): a route that answers later (long polling) or
 * streams (Server-Sent Events) without holding a thread per client.
 *
 * <p>Called off the network event loops, on the server's blocking executor, once per request; it may block
 * briefly (a token check) but should return quickly: the answer is given through {@code exchange}, from any
 * thread, now or later ({@link HttpExchange#respond} or {@link HttpExchange#open}). A handler that returns
 * without answering leaves the request pending until it answers, the client goes away, or the server stops
 * (which answers 503). An exception thrown before an answer becomes a 500 with no details (it is logged).
 */
@FunctionalInterface
public interface StreamingHandler {
    void handle(HttpRequest request, HttpExchange exchange) throws Exception;
}
