package dev.parley.server.internal.tls;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The plain-HTTP port's only answer: a redirect to the same host's HTTPS port, path and query kept. GET and
 * HEAD get 301 (every client follows it); other methods 308, which keeps the method and body (RFC 9110
 * §15.4.9). Answered from the request head alone: no body byte is read, and the connection is closed after
 * the answer. The host comes from the {@code Host} header (its port replaced by the HTTPS port), or the
 * address the client reached when there is none; a host that is not a name or an IP literal gets 400.
 * Used only on the connection's event loop.
 */
public final class HttpsRedirect extends ChannelInboundHandlerAdapter {
    /** A DNS name, an IPv4 literal, or a bracketed IPv6 literal; an optional port after it. */
    private static final Pattern HOST = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]{1,253})(:[0-9]{1,5})?");
    private static final int HTTPS_DEFAULT_PORT = 443;

    private final int httpsPort;
    private boolean answered;

    public HttpsRedirect(int httpsPort) {
        this.httpsPort = httpsPort;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest request && !answered) {
                answered = true;
                ctx.channel().config().setAutoRead(false); // the body, if any, is never read
                ctx.writeAndFlush(answer(ctx, request)).addListener(ChannelFutureListener.CLOSE);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    private FullHttpResponse answer(ChannelHandlerContext ctx, HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            return plain(HttpResponseStatus.BAD_REQUEST, "Malformed request");
        }
        String host = host(request.headers().get(HttpHeaderNames.HOST),
                (InetSocketAddress) ctx.channel().localAddress());
        String target = pathAndQuery(request.uri());
        if (host == null || target == null) {
            return plain(HttpResponseStatus.BAD_REQUEST, "Bad Host header or request target");
        }
        String location = "https://" + host + (httpsPort == HTTPS_DEFAULT_PORT ? "" : ":" + httpsPort) + target;
        boolean safe = request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD);
        FullHttpResponse response = plain(safe ? HttpResponseStatus.MOVED_PERMANENTLY
                : HttpResponseStatus.PERMANENT_REDIRECT, "Moved to " + location);
        response.headers().set(HttpHeaderNames.LOCATION, location);
        return response;
    }

    /** The host part of {@code header} without its port; the reached address if absent; null if malformed. */
    static String host(String header, InetSocketAddress reached) {
        if (header == null || header.isBlank()) {
            String literal = reached.getAddress().getHostAddress();
            return literal.contains(":") ? "[" + literal.replaceFirst("%.*$", "") + "]" : literal;
        }
        var matcher = HOST.matcher(header.trim());
        return matcher.matches() ? matcher.group(1) : null;
    }

    /** The path and query of an origin-form or absolute-form target; null for anything else ({@code *}). */
    static String pathAndQuery(String uri) {
        if (uri.startsWith("/")) {
            return uri;
        }
        try {
            URI absolute = new URI(uri);
            if (absolute.getScheme() == null || absolute.getRawAuthority() == null) {
                return null;
            }
            String path = absolute.getRawPath() == null || absolute.getRawPath().isEmpty() ? "/" : absolute.getRawPath();
            return absolute.getRawQuery() == null ? path : path + "?" + absolute.getRawQuery();
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    private static FullHttpResponse plain(HttpResponseStatus status, String text) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(text + "\n", StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }
}
