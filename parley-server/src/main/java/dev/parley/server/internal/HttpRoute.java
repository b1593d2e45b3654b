package dev.parley.server.internal;

import dev.parley.server.HttpErrorBody;
import dev.parley.server.HttpHandler;
import dev.parley.server.HttpHeadCheck;
import dev.parley.server.StreamingHandler;
import java.util.List;

/**
 * An application route: requests whose path is {@code prefix} or below it go to {@code handler} (a whole
 * response) or {@code streaming} (an answer given later, or a stream; exactly one of the two is set), once
 * {@code check} accepted their head and their body fit in {@code maxBodySize}; the server's refusals before
 * that are worded by {@code errors}. {@code maxBufferedBytes} is a streaming route's slow-consumer bound.
 */
public record HttpRoute(String prefix, long maxBodySize, HttpHeadCheck check, HttpHandler handler,
        HttpErrorBody errors, StreamingHandler streaming, long maxBufferedBytes) {

    /** A route answered by a whole response. */
    public HttpRoute(String prefix, long maxBodySize, HttpHeadCheck check, HttpHandler handler, HttpErrorBody errors) {
        this(prefix, maxBodySize, check, handler, errors, null, 0);
    }

    public boolean matches(String path) {
        return path.equals(prefix) || path.startsWith(prefix.endsWith("/") ? prefix : prefix + "/");
    }

    /** The route with the longest matching prefix, or null. */
    public static HttpRoute find(List<HttpRoute> routes, String path) {
        HttpRoute best = null;
        for (HttpRoute route : routes) {
            if (route.matches(path) && (best == null || route.prefix.length() > best.prefix.length())) {
                best = route;
            }
        }
        return best;
    }
}
