package dev.parley.server.builtin;

import dev.parley.websocket.WebSocketEndpoint;
import dev.parley.websocket.WebSocketListener;
import dev.parley.websocket.WebSocketSession;
import java.nio.ByteBuffer;

/** {@code /ws/echo}: every text message comes back as text, every binary message as binary. */
public final class EchoEndpoint implements WebSocketListener {
    public static final String PATH = "/ws/echo";

    private EchoEndpoint() {
    }

    public static WebSocketEndpoint create() {
        return WebSocketEndpoint.builder(PATH, new EchoEndpoint()).build();
    }

    @Override
    public void onText(WebSocketSession session, String text) {
        session.sendText(text);
    }

    @Override
    public void onBinary(WebSocketSession session, ByteBuffer data) {
        session.sendBinary(data);
    }
}
