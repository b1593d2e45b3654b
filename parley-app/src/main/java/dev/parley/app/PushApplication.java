package dev.parley.app;

import dev.parley.push.PushGateway;
import dev.parley.push.PushOptions;
import dev.parley.push.SocketIoSubscribers;
import dev.parley.push.SubscriberOptions;
import dev.parley.push.Topics;
import dev.parley.push.WebSocketSubscribers;
import dev.parley.push.demo.PushDemo;
import dev.parley.push.feeds.FeedRelay;
import dev.parley.push.polling.PollingSubscribers;
import dev.parley.push.sse.SseSubscribers;
import dev.parley.push.redis.RedisTopicBus;
import dev.parley.server.Health;
import dev.parley.server.ParleyServer;
import dev.parley.socketio.SocketIoConfig;
import dev.parley.socketio.SocketIoServer;

/**
 * {@code parley serve --app push} (docs/push.md): the push gateway's hub (joined to the others' through Redis
 * with {@code --redis}), its publish endpoint, its subscriber transports, its demo page and its relayed feeds.
 */
final class PushApplication {
    /** The pages of the demo: publish once, watch the event arrive over every transport. */
    static final String PAGES = "dev/parley/push/public";
    /** Redis keys of the push bus, under the cluster's {@code --redis-key}. */
    static final String BUS_KEY_SUFFIX = ":push";

    private final PushGateway gateway;
    private final SocketIoServer socketIo;
    private final SseSubscribers sse;
    private final PollingSubscribers polling;
    private FeedRelay feeds;

    private PushApplication(PushGateway gateway, SocketIoServer socketIo, SseSubscribers sse, PollingSubscribers polling) {
        this.gateway = gateway;
        this.socketIo = socketIo;
        this.sse = sse;
        this.polling = polling;
    }

    /**
     * Builds the gateway and mounts everything but the feeds on {@code server}. {@code redisUri} null: one server;
     * otherwise the hub numbers and shares its events through Redis.
     */
    static PushApplication mount(ParleyServer server, PushOptions options, HttpSubscriberOptions http,
            SubscriberOptions connections, String redisUri, String redisKey, SocketIoConfig socketIoConfig) {
        Topics topics = redisUri == null
                ? Topics.create(options.hub())
                : Topics.create(options.hub(), RedisTopicBus.connect(redisUri, redisKey + BUS_KEY_SUFFIX, options.hub()));
        PushGateway gateway = PushGateway.create(options, topics);
        SocketIoServer io = null;
        SseSubscribers sse = null;
        PollingSubscribers polling = null;
        try {
            gateway.mountPublishApi(server);
            sse = SseSubscribers.mount(server, topics, http.sse(gateway.subscribeAuthorizer()));
            polling = PollingSubscribers.mount(server, topics, http.polling(gateway.subscribeAuthorizer()));
            server.addEndpoint(WebSocketSubscribers.create(topics, gateway.subscribeAuthorizer(),
                    connections, server.config().webSocket()).endpoint());
            io = new SocketIoServer(socketIoConfig);
            SocketIoSubscribers.attach(io, topics, gateway.subscribeAuthorizer(), connections);
            PushDemo.mount(io, topics);
            server.addEngineIo(io.engine());
            server.pagesFromClasspath(PAGES);
            return new PushApplication(gateway, io, sse, polling);
        } catch (RuntimeException e) {
            if (io != null) {
                io.close();
            }
            if (sse != null) {
                sse.close();
            }
            if (polling != null) {
                polling.close();
            }
            gateway.close();
            throw e;
        }
    }

    /** Starts relaying the feeds configured (perhaps none), with {@code GET /api/feeds} and their health check. */
    void startFeeds(FeedOptions options, ParleyServer server, Health health) {
        feeds = options.start(server, health, gateway.topics());
    }

    SocketIoServer socketIo() {
        return socketIo;
    }

    PushGateway gateway() {
        return gateway;
    }

    /** Feeds first (they publish), then the transports, then the hub and its bus. */
    void close() {
        try {
            if (feeds != null) {
                feeds.stop();
            }
        } finally {
            try {
                sse.close();
                polling.close();
                socketIo.close();
            } finally {
                gateway.close();
            }
        }
    }
}
