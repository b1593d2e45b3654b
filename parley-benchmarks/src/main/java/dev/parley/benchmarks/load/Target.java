package dev.parley.benchmarks.load;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Where the connections go: the server's address, resolved once, and the request target of the upgrade.
 * Plain {@code ws://} (or {@code http://}) only; TLS is not implemented.
 *
 * @param requestTarget path and query of the upgrade request; for Socket.IO the Engine.IO query
 *     {@code EIO=4&transport=websocket} is added (Engine.IO v4, "Transports": a websocket connection may
 *     be opened directly, without a polling handshake)
 */
record Target(String url, InetSocketAddress address, String hostHeader, String requestTarget, Protocol protocol) {

    /** The Engine.IO query of a direct websocket connection. */
    static final String ENGINE_IO_QUERY = "EIO=4&transport=websocket";

    static Target parse(String url, Protocol protocol) {
        URI uri = URI.create(url);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        if (!scheme.equals("ws") && !scheme.equals("http")) {
            throw new IllegalArgumentException("Only ws:// or http:// URLs are supported, not " + url);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("No host in " + url);
        }
        int port = uri.getPort() == -1 ? 80 : uri.getPort();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery();
        if (protocol == Protocol.socketio && (query == null || !query.contains("EIO="))) {
            query = query == null || query.isEmpty() ? ENGINE_IO_QUERY : query + "&" + ENGINE_IO_QUERY;
        }
        InetAddress host;
        try {
            host = InetAddress.getByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Unknown host in " + url, e);
        }
        String hostHeader = uri.getHost() + (uri.getPort() == -1 ? "" : ":" + port);
        return new Target(url, new InetSocketAddress(host, port), hostHeader,
                query == null ? path : path + "?" + query, protocol);
    }

    /** Whether the server is on this machine's loopback, so that 127.0.0.x source addresses can reach it. */
    boolean isLoopback() {
        return address.getAddress().isLoopbackAddress();
    }
}
