package dev.parley.server;

/**
 * An application route ({@link ParleyServer#addHttpRoute}). Called off the network event loops, on the
 * server's blocking executor, so it may block (a database, the disk). An exception becomes a 500 with no
 * details (they are logged).
 */
@FunctionalInterface
public interface HttpHandler {
    HttpResponse handle(HttpRequest request) throws Exception;
}
