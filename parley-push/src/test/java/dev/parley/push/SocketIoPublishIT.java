package dev.parley.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.socketio.SocketIoConfig;
import dev.parley.socketio.SocketIoServer;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Publishing from a Socket.IO handler (docs/push.md, "Publishing", "From Java"): the handler of any application
 * publishes to the gateway's hub, the same one {@code POST /api/publish} and every transport use. The official
 * Java Socket.IO client sends the events.
 */
class SocketIoPublishIT {
    private static PushGateway push;
    private static ParleyServer server;

    @BeforeAll
    static void start() throws InterruptedException {
        push = PushGateway.create(PushOptions.builder().publishToken("for-http-publishers-only").build());
        SocketIoServer io = new SocketIoServer(SocketIoConfig.defaults());
        // The documented pattern: publish the event's argument, answer the id or the refusal's reason.
        io.onConnection(socket -> socket.on("publish", args -> {
            try {
                args.ack(Map.of("id", push.publishValue(args.getString(0), args.get(1)).id()));
            } catch (PushException e) {
                args.ack(Map.of("error", e.reason(), "message", e.getMessage()));
            }
        }));
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build()).addEngineIo(io.engine());
        push.mountPublishApi(server).start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.stop();
        push.close();
    }

    @Test
    void aHandlerPublishesToTheSameHubAsHttp() throws Exception {
        List<TopicEvent> got = new CopyOnWriteArrayList<>();
        IO.Options options = IO.Options.builder().setTransports(new String[] {"websocket"}).build();
        Socket client = IO.socket(URI.create(server.url()), options);
        try (Subscription ignored = push.topics().subscribe("scores", -1, got::add)) {
            client.connect();
            BlockingQueue<JSONObject> acks = new ArrayBlockingQueue<>(2);
            client.emit("publish", new Object[] {"scores", new JSONObject(Map.of("home", 2, "away", 1))},
                    (Ack) a -> acks.add((JSONObject) a[0]));
            JSONObject published = acks.poll(20, TimeUnit.SECONDS);
            assertThat(published).isNotNull();
            assertThat(got).hasSize(1);
            assertThat(published.getLong("id")).isEqualTo(got.get(0).id());
            ObjectMapper json = new ObjectMapper();
            assertThat(json.readTree(got.get(0).data())).isEqualTo(json.readTree("{\"home\":2,\"away\":1}"));

            client.emit("publish", new Object[] {"not a topic", 1}, (Ack) a -> acks.add((JSONObject) a[0]));
            JSONObject refused = acks.poll(20, TimeUnit.SECONDS);
            assertThat(refused.getString("error")).isEqualTo("invalid_topic");
            assertThat(got).hasSize(1);
        } finally {
            client.close();
        }
    }
}
