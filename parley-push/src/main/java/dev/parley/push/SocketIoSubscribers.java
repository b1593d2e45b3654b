package dev.parley.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.push.internal.ConnectionSubscriptions;
import dev.parley.push.internal.FanoutSink;
import dev.parley.push.internal.RequestError;
import dev.parley.push.internal.SubscribeRequest;
import dev.parley.push.internal.TopicFanouts;
import dev.parley.socketio.EventArgs;
import dev.parley.socketio.Namespace;
import dev.parley.socketio.SocketIoServer;
import dev.parley.socketio.SocketIoSocket;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Topic subscribers over Socket.IO, on the {@value #NAMESPACE} namespace (docs/push.md, "Socket.IO"):
 *
 * <pre>
 * client: socket.emitWithAck("topic:subscribe", {topic: "prices", after: 123})   or just "prices"
 *         → {ok: true} or {error: "forbidden", message: "..."}
 *         socket.emitWithAck("topic:unsubscribe", "prices") → {ok: true}
 * server: "topic:event" {topic, id, data}, "topic:gap" {topic}, "topic:error" {error, message, topic}
 *         (the last only for a request sent without an ack)
 * </pre>
 *
 * The token comes from the handshake ({@code io("/topics", {auth: {token}})}) or with a subscription. Live
 * events go to a room per topic ({@value #ROOM_PREFIX}{@code <name>}), so each is encoded once for all its
 * subscribers on this server; the room broadcast is {@code local()}: every server of a cluster has its own hub
 * and its own subscribers. A resuming subscriber gets its replay on its own, then joins the room with no gap and
 * no duplicate (see {@code TopicFanout}).
 */
public final class SocketIoSubscribers {
    public static final String NAMESPACE = "/topics";
    public static final String ROOM_PREFIX = "topic:";
    public static final String SUBSCRIBE = "topic:subscribe";
    public static final String UNSUBSCRIBE = "topic:unsubscribe";
    public static final String EVENT = "topic:event";
    public static final String GAP = "topic:gap";
    public static final String ERROR = "topic:error";

    // Big numbers kept exact; the data is well-formed JSON already (checked when published).
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();
    /** An event's {@code {topic, id, data}}, built once per event and shared by every Socket.IO subscriber. */
    private static final EventEncoding<JsonNode> EVENT_ARGUMENT = SocketIoSubscribers::argument;

    private final Namespace namespace;
    private final SubscribeAuthorizer authorizer;
    private final SubscriberOptions options;
    private final TopicFanouts<SocketIoSocket> fanouts;

    private SocketIoSubscribers(Namespace namespace, Topics topics, SubscribeAuthorizer authorizer,
            SubscriberOptions options) {
        this.namespace = namespace;
        this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
        this.options = Objects.requireNonNull(options, "options");
        this.fanouts = new TopicFanouts<>(topics, new Sink(), options.maxReplayBytes());
    }

    /** Serves topic subscriptions on {@code io}'s {@value #NAMESPACE} namespace. */
    public static SocketIoSubscribers attach(SocketIoServer io, Topics topics, SubscribeAuthorizer authorizer,
            SubscriberOptions options) {
        SocketIoSubscribers subscribers = new SocketIoSubscribers(io.of(NAMESPACE), topics, authorizer, options);
        subscribers.namespace.onConnection(subscribers::onConnection);
        return subscribers;
    }

    /** Topics with at least one Socket.IO subscriber on this server. */
    public int topicCount() {
        return fanouts.topicCount();
    }

    private void onConnection(SocketIoSocket socket) {
        if (socket.recovered()) {
            // Rooms came back with the session, but not its subscriptions: the client subscribes again on
            // "connect" with the last id it saw, as after any reconnection.
            socket.rooms().stream().filter(room -> room.startsWith(ROOM_PREFIX)).forEach(socket::leave);
        }
        String token = socket.handshake().auth().get("token") instanceof String value ? value : null;
        ConnectionSubscriptions<SocketIoSocket> subscriptions = new ConnectionSubscriptions<>(socket, fanouts,
                authorizer, options.maxSubscriptionsPerConnection(), token);
        socket.on(SUBSCRIBE, args -> subscribe(subscriptions, args));
        socket.on(UNSUBSCRIBE, args -> unsubscribe(subscriptions, args));
        socket.onDisconnect(reason -> subscriptions.closeAll());
    }

    private static void subscribe(ConnectionSubscriptions<SocketIoSocket> subscriptions, EventArgs args) {
        try {
            SubscribeRequest request = SubscribeRequest.subscribe(args.get(0));
            subscriptions.subscribe(request, () -> args.ack(Map.of("ok", true)));
        } catch (RequestError e) {
            refuse(args, e);
        }
    }

    private static void unsubscribe(ConnectionSubscriptions<SocketIoSocket> subscriptions, EventArgs args) {
        try {
            subscriptions.unsubscribe(SubscribeRequest.unsubscribeTopic(args.get(0)));
            args.ack(Map.of("ok", true));
        } catch (RequestError e) {
            refuse(args, e);
        }
    }

    /** The answer goes in the ack when the client asked for one, else in a {@value #ERROR} event. */
    private static void refuse(EventArgs args, RequestError error) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("error", error.code());
        answer.put("message", error.getMessage());
        if (error.topic() != null) {
            answer.put("topic", error.topic());
        }
        if (args.hasAck()) {
            args.ack(answer);
        } else {
            args.socket().emit(ERROR, answer);
        }
    }

    private static JsonNode argument(TopicEvent event) {
        ObjectNode argument = JSON.createObjectNode();
        argument.put("topic", event.topic());
        argument.put("id", event.id());
        try {
            argument.set("data", JSON.readTree(event.data()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("published data is checked JSON: " + event, e);
        }
        return argument;
    }

    /** Live events to the topic's room (one encoding); replays and gaps to one socket. */
    private final class Sink implements FanoutSink<SocketIoSocket> {
        @Override
        public void broadcast(TopicEvent event, Collection<SocketIoSocket> members) {
            namespace.to(ROOM_PREFIX + event.topic()).local().emit(EVENT, event.encoded(EVENT_ARGUMENT));
        }

        @Override
        public void replay(SocketIoSocket member, TopicEvent event) {
            member.emit(EVENT, event.encoded(EVENT_ARGUMENT));
        }

        @Override
        public void gap(SocketIoSocket member, String topic) {
            member.emit(GAP, Map.of("topic", topic));
        }

        @Override
        public void joined(SocketIoSocket member, String topic) {
            member.join(ROOM_PREFIX + topic);
        }

        @Override
        public void left(SocketIoSocket member, String topic) {
            member.leave(ROOM_PREFIX + topic);
        }
    }
}
