package dev.parley.metrics;

import dev.parley.server.Health;
import dev.parley.server.HttpHandler;
import dev.parley.server.HttpResponse;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import java.nio.charset.StandardCharsets;

/**
 * The metrics listener: {@code GET /metrics} in the Prometheus text format on a port of its own, away from
 * the clients' port, bound to loopback unless told otherwise (the figures are not for the public).
 *
 * <p>It is a second, small {@link ParleyServer}: the same HTTP front (limits, timeouts, keep-alive) with no
 * WebSocket endpoint, no Engine.IO and no pages, only application routes, so that other operational routes
 * (health, readiness) can be mounted beside {@code /metrics} with {@link #addHttpRoute} before
 * {@link #start()}. A scrape runs on that server's blocking executor, never on an event loop.
 */
public final class MetricsServer implements AutoCloseable {
    /** The path of the scrape. */
    public static final String PATH = "/metrics";
    /** Loopback: the metrics port is not public unless the operator says so. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The content type of Prometheus' text format 0.0.4, which Micrometer's registry writes. */
    static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";
    /** No page is under this classpath root: anything but a route is a 404 (not the demo pages). */
    private static final String NO_PAGES = "dev/parley/metrics/no-pages";

    private final ParleyServer server;

    /**
     * @param host address to bind ({@link #DEFAULT_HOST} for loopback)
     * @param port port to bind, 0 for any free one
     */
    public MetricsServer(ParleyMetrics metrics, String host, int port) {
        server = new ParleyServer(ServerConfig.builder().host(host).port(port).build())
                .pagesFromClasspath(NO_PAGES)
                .addHttpRoute(PATH, 0, request -> scrape(metrics, request.method()));
    }

    private static HttpResponse scrape(ParleyMetrics metrics, String method) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return HttpResponse.text(405, "GET only\n").withHeader("Allow", "GET, HEAD");
        }
        return HttpResponse.of(200, TEXT_FORMAT, metrics.scrape().getBytes(StandardCharsets.UTF_8));
    }

    /** Mounts another route (e.g. {@code /healthz}) before {@link #start()}; as {@link ParleyServer#addHttpRoute}. */
    public MetricsServer addHttpRoute(String prefix, long maxBodySize, HttpHandler handler) {
        server.addHttpRoute(prefix, maxBodySize, handler);
        return this;
    }

    /**
     * Serves {@code health}'s {@code /healthz} and {@code /readyz} here too (before {@link #start()}), so a load
     * balancer or an orchestrator can probe the process on the metrics port when the clients' port is public.
     */
    public MetricsServer withHealth(Health health) {
        health.mountOn(server);
        return this;
    }

    /** Binds and serves; returns once the port is bound. */
    public MetricsServer start() throws InterruptedException {
        server.start();
        return this;
    }

    public int port() {
        return server.port();
    }

    /** {@code http://host:port} of the running listener. */
    public String url() {
        return server.url();
    }

    /** The bound address, e.g. {@code 127.0.0.1}. */
    public String host() {
        return server.address().getAddress().getHostAddress();
    }

    @Override
    public void close() throws InterruptedException {
        server.stop();
    }
}
