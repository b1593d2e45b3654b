package dev.parley.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.parley.push.internal.BearerToken;
import dev.parley.push.internal.ConnectionSubscriptions;
import dev.parley.push.internal.FanoutSink;
import dev.parley.push.internal.RequestError;
import dev.parley.push.internal.SubscribeRequest;
import dev.parley.push.internal.TopicFanouts;
import dev.parley.push.internal.WsMessages;
import dev.parley.websocket.CloseCodes;
import dev.parley.websocket.WebSocketConfig;
import dev.parley.websocket.WebSocketEndpoint;
import dev.parley.websocket.WebSocketListener;
import dev.parley.websocket.WebSocketSession;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * Topic subscribers over a plain WebSocket, at {@value #PATH}, with a small JSON protocol (docs/push.md,
 * "WebSocket"):
 *
 * <pre>
 * client: {"type":"subscribe","topic":"prices","after":123,"token":"..."}   after, token optional
 *         {"type":"unsubscribe","topic":"prices"}
 * server: {"type":"subscribed","topic":"prices"}   then {"type":"gap",...} if needed, replayed and live events
 *         {"type":"event","topic":"prices","id":124,"data":{...}}
 *         {"type":"unsubscribed","topic":"prices"}
 *         {"type":"error","code":"forbidden","message":"...","topic":"prices"}
 * </pre>
 *
 * A token comes with a subscription, or once for the connection in the {@code token} query parameter or an
 * {@code Authorization: Bearer} header. A live event is encoded once (one frame for every subscriber of its
 * topic); each session's outbound limit and slow-consumer policy apply to it. Invalid JSON closes the connection
 * with 1007, a binary message with 1003, a message over {@link SubscriberOptions#maxMessageBytes()} with 1009;
 * a well-formed message the protocol does not know gets an {@code error} and the connection stays open.
 */
public final class WebSocketSubscribers implements WebSocketListener {
    public static final String PATH = "/ws/topics";
    private static final String STATE = "parley.push.subscriptions";
    // Integers as Long/BigInteger, never rounded through a double; a duplicate field is an error, not "last wins".
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final SubscribeAuthorizer authorizer;
    private final SubscriberOptions options;
    private final TopicFanouts<WebSocketSession> fanouts;
    private final LongAdder liveFrames = new LongAdder();
    private volatile WebSocketEndpoint endpoint;

    private WebSocketSubscribers(Topics topics, SubscribeAuthorizer authorizer, SubscriberOptions options) {
        this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
        this.options = Objects.requireNonNull(options, "options");
        this.fanouts = new TopicFanouts<>(topics, new Sink(), options.maxReplayBytes());
    }

    /** The endpoint at {@value #PATH} with default bounds and the server's other WebSocket settings as given. */
    public static WebSocketEndpoint endpoint(Topics topics, SubscribeAuthorizer authorizer, WebSocketConfig server) {
        return create(topics, authorizer, SubscriberOptions.defaults(), server).endpoint();
    }

    /**
     * The subscribers and their endpoint at {@value #PATH} (mount it with {@code ParleyServer.addEndpoint}):
     * {@code server}'s WebSocket settings (outbound limit, slow-consumer policy, deflate, origins...) with the
     * message and frame size lowered to {@link SubscriberOptions#maxMessageBytes()}.
     */
    public static WebSocketSubscribers create(Topics topics, SubscribeAuthorizer authorizer, SubscriberOptions options,
            WebSocketConfig server) {
        WebSocketSubscribers subscribers = new WebSocketSubscribers(topics, authorizer, options);
        long limit = Math.min(options.maxMessageBytes(), server.maxMessageSize());
        subscribers.endpoint = WebSocketEndpoint.builder(PATH, subscribers)
                .config(server.toBuilder().maxMessageSize(limit).maxFrameSize(limit).build())
                .build();
        return subscribers;
    }

    public WebSocketEndpoint endpoint() {
        return endpoint;
    }

    /** Live events written so far, each encoded once into one frame shared by all its topic's subscribers. */
    public long liveFramesEncoded() {
        return liveFrames.sum();
    }

    /** Topics with at least one WebSocket subscriber. */
    public int topicCount() {
        return fanouts.topicCount();
    }

    @Override
    public void onOpen(WebSocketSession session) {
        String token = BearerToken.presented(session.request().header("Authorization"),
                session.request().queryParam("token"));
        session.attribute(STATE, new ConnectionSubscriptions<>(session, fanouts, authorizer,
                options.maxSubscriptionsPerConnection(), token));
    }

    @Override
    public void onText(WebSocketSession session, String text) {
        Object message;
        try {
            message = JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            session.close(CloseCodes.INVALID_PAYLOAD, "Invalid JSON");
            return;
        }
        ConnectionSubscriptions<WebSocketSession> subscriptions = subscriptions(session);
        try {
            String type = message instanceof Map<?, ?> fields ? typeOf(fields) : null;
            if (type == null) {
                throw new RequestError("invalid_message", "expected a JSON object with a string 'type'", null);
            }
            switch (type) {
                case "subscribe" -> {
                    SubscribeRequest request = SubscribeRequest.subscribe(message);
                    subscriptions.subscribe(request, () -> session.sendText(WsMessages.subscribed(request.topic())));
                }
                case "unsubscribe" -> {
                    String topic = SubscribeRequest.unsubscribeTopic(message);
                    subscriptions.unsubscribe(topic);
                    // Idempotent: nothing more about that topic follows this message either way.
                    session.sendText(WsMessages.unsubscribed(topic));
                }
                default -> throw new RequestError("unknown_type", "unknown type; expected subscribe or unsubscribe",
                        null);
            }
        } catch (RequestError e) {
            session.sendText(WsMessages.error(e));
        }
    }

    @Override
    public void onBinary(WebSocketSession session, ByteBuffer data) {
        session.close(CloseCodes.UNSUPPORTED_DATA, "Text messages only");
    }

    @Override
    public void onClose(WebSocketSession session, int code, String reason) {
        subscriptions(session).closeAll();
    }

    private static ConnectionSubscriptions<WebSocketSession> subscriptions(WebSocketSession session) {
        @SuppressWarnings("unchecked")
        ConnectionSubscriptions<WebSocketSession> state = session.attribute(STATE, ConnectionSubscriptions.class)
                .orElseThrow(() -> new IllegalStateException("no subscriptions on " + session.id()));
        return state;
    }

    private static String typeOf(Map<?, ?> fields) {
        return fields.get("type") instanceof String type ? type : null;
    }

    /** Live events: one frame for all the topic's sessions; replays and gaps: to one session. */
    private final class Sink implements FanoutSink<WebSocketSession> {
        @Override
        public void broadcast(TopicEvent event, Collection<WebSocketSession> members) {
            endpoint.sendText(WsMessages.event(event), members, true);
            liveFrames.increment();
        }

        @Override
        public void replay(WebSocketSession member, TopicEvent event) {
            member.sendText(WsMessages.event(event));
        }

        @Override
        public void gap(WebSocketSession member, String topic) {
            member.sendText(WsMessages.gap(topic));
        }
    }
}
