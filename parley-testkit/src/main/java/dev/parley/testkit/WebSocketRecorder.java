package dev.parley.testkit;

import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A JDK {@code java.net.http.WebSocket} listener that queues whole messages (the JDK may deliver one in
 * parts): text as {@code String}, binary as {@code byte[]} (or what {@link #binaryMessage} makes of it),
 * and completes {@link #closed} with the close code, or exceptionally on an error.
 */
public class WebSocketRecorder implements WebSocket.Listener {
    public final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    public final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    private WebSocket socket;
    private boolean paused;
    private boolean demandOwed;

    /**
     * Stops asking the JDK client for messages: it then stops reading its socket, so the server's writes
     * pile up in TCP buffers and then in the server's own outbound buffer, as with a slow reader.
     */
    public synchronized void pause() {
        paused = true;
    }

    /** Reads again after {@link #pause()}. */
    public synchronized void resume() {
        paused = false;
        if (demandOwed) {
            demandOwed = false;
            socket.request(1);
        }
    }

    private synchronized void requestNext(WebSocket webSocket) {
        socket = webSocket;
        if (paused) {
            demandOwed = true;
        } else {
            webSocket.request(1);
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            messages.add(text.toString());
            text.setLength(0);
        }
        requestNext(webSocket);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes); // the JDK reuses its buffer once this returns
        binary.writeBytes(bytes);
        if (last) {
            messages.add(binaryMessage(binary.toByteArray()));
            binary.reset();
        }
        requestNext(webSocket);
        return null;
    }

    /** How a whole binary message is queued; {@code byte[]} by default. */
    protected Object binaryMessage(byte[] bytes) {
        return bytes;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }
}
