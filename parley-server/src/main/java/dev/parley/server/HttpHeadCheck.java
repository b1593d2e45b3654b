package dev.parley.server;

import java.util.Optional;

/**
 * A check of an application route ({@link ParleyServer#addHttpRoute(String, long, HttpHeadCheck, HttpHandler)})
 * on the request head, typically authorisation: it runs before any byte of the body is read, so a refused
 * client never gets {@code 100 Continue} and never has its body buffered. Called off the network event
 * loops, on the server's blocking executor, so it may block (a token lookup in a database); the connection
 * is not read meanwhile. An exception refuses the request with a 500 (it is logged).
 */
@FunctionalInterface
public interface HttpHeadCheck {
    /** Accepts every request. */
    HttpHeadCheck ACCEPT_ALL = head -> Optional.empty();

    /** Empty to accept the request (its body is then read, up to the route's limit); else the refusal to send. */
    Optional<HttpResponse> check(HttpRequestHead head) throws Exception;
}
