package dev.parley.server.internal;

import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;

/**
 * Aggregates request bodies up to the largest limit of any route, and refuses a declared
 * {@code Content-Length} above the limit of the request's own route (or the server's default) with 413
 * before reading a byte of the body.
 */
final class RouteAwareAggregator extends HttpObjectAggregator {
    private final List<HttpRoute> routes;
    private final long defaultLimit;

    RouteAwareAggregator(long defaultLimit, List<HttpRoute> routes) {
        super((int) Math.min(Integer.MAX_VALUE, Math.max(defaultLimit,
                routes.stream().mapToLong(HttpRoute::maxBodySize).max().orElse(0))));
        this.routes = routes;
        this.defaultLimit = defaultLimit;
    }

    @Override
    protected boolean isContentLengthInvalid(HttpMessage start, int maxContentLength) {
        if (super.isContentLengthInvalid(start, maxContentLength)) {
            return true;
        }
        if (!(start instanceof HttpRequest request)) {
            return false;
        }
        HttpRoute route = HttpRoute.find(routes, new QueryStringDecoder(request.uri()).path());
        long limit = route != null ? route.maxBodySize() : defaultLimit;
        return HttpUtil.getContentLength(start, -1L) > limit;
    }
}
