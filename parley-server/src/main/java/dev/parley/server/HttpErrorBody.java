package dev.parley.server;

/**
 * How an application route words the refusals the server makes for it before its handler runs: a body over
 * the route's limit (413), an invalid {@code Content-Length} (400), an unsupported {@code Expect} (417), a
 * head check that threw (500). An API whose other errors are JSON answers these in JSON too. Called on a
 * network event loop: it must only build the response.
 */
@FunctionalInterface
public interface HttpErrorBody {
    /** The server's own plain-text refusals. */
    HttpErrorBody TEXT = (status, reason) -> HttpResponse.text(status, reason + "\n");

    /** The response for {@code status}; {@code reason} is a sentence for people (e.g. "Request body over 10 bytes"). */
    HttpResponse error(int status, String reason);
}
