package dev.parley.server.builtin;

import dev.parley.websocket.WebSocketEndpoint;
import dev.parley.websocket.WebSocketListener;
import dev.parley.websocket.WebSocketSession;
import java.nio.ByteBuffer;

/**
 * {@code /ws/broadcast}: each message, text or binary, is sent as it is to every other open session of the
 * path, never back to its sender; nothing is added to it. This is the load generator's broadcast scenario
 * (one publisher, N subscribers), mirrored by the Node {@code ws} peer.
 */
public final class BroadcastEndpoint implements WebSocketListener {
    public static final String PATH = "/ws/broadcast";

    private BroadcastEndpoint() {
    }

    public static WebSocketEndpoint create() {
        return WebSocketEndpoint.builder(PATH, new BroadcastEndpoint()).build();
    }

    @Override
    public void onText(WebSocketSession session, String text) {
        // The endpoint's broadcast encodes the frame once and hands the same bytes to every session.
        session.endpoint().broadcastText(text, session);
    }

    @Override
    public void onBinary(WebSocketSession session, ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        session.endpoint().broadcastBinary(bytes, session);
    }
}
