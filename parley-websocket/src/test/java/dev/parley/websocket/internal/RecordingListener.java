package dev.parley.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.websocket.WebSocketListener;
import dev.parley.websocket.WebSocketSession;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** Records every callback as a typed event; {@link #assertExhausted()} after each test. */
final class RecordingListener implements WebSocketListener {
    sealed interface Event permits Open, Text, Binary, Ping, Pong, Close, Error {
    }

    record Open() implements Event {
    }

    record Text(String text) implements Event {
    }

    record Binary(byte[] data) implements Event {
    }

    record Ping(String data) implements Event {
    }

    record Pong(String data) implements Event {
    }

    record Close(int code, String reason) implements Event {
    }

    record Error(Throwable error) implements Event {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    boolean echo;

    @Override
    public void onOpen(WebSocketSession session) {
        events.add(new Open());
    }

    @Override
    public void onText(WebSocketSession session, String text) {
        events.add(new Text(text));
        if (echo) {
            session.sendText(text);
        }
    }

    @Override
    public void onBinary(WebSocketSession session, ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        events.add(new Binary(bytes));
        if (echo) {
            session.sendBinary(bytes);
        }
    }

    @Override
    public void onPing(WebSocketSession session, ByteBuffer data) {
        events.add(new Ping(StandardCharsets.UTF_8.decode(data).toString()));
    }

    @Override
    public void onPong(WebSocketSession session, ByteBuffer data) {
        events.add(new Pong(StandardCharsets.UTF_8.decode(data).toString()));
    }

    @Override
    public void onClose(WebSocketSession session, int code, String reason) {
        events.add(new Close(code, reason));
    }

    @Override
    public void onError(WebSocketSession session, Throwable error) {
        events.add(new Error(error));
    }

    Event next() {
        Event e = events.poll();
        assertThat(e).as("expected another event").isNotNull();
        return e;
    }

    <T extends Event> T next(Class<T> type) {
        Event e = next();
        assertThat(e).isInstanceOf(type);
        return type.cast(e);
    }

    void assertExhausted() {
        assertThat(events).as("unexpected events").isEmpty();
    }
}
