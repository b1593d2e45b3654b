package dev.parley.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test helper: records what a {@link ProtocolSession} asks of its connection, as lines. */
final class RecordingContext implements SessionContext {
    final List<String> events = new ArrayList<>();

    /** Asserts the lines recorded since the last call, then forgets them. */
    void expect(String... expected) {
        assertThat(events).containsExactly(expected);
        events.clear();
    }

    /** Hands the session one text message, released after the call as the connection does. */
    static void receive(ProtocolSession session, String text) {
        receive(session, true, text);
    }

    static void receive(ProtocolSession session, boolean isText, String content) {
        ByteBuf message = Unpooled.copiedBuffer(content, StandardCharsets.UTF_8);
        session.onMessage(isText, message);
        message.release();
    }

    @Override
    public ByteBufAllocator alloc() {
        return ByteBufAllocator.DEFAULT;
    }

    @Override
    public void writeText(ByteBuf payload) {
        events.add("text " + payload.toString(StandardCharsets.UTF_8));
        payload.release();
    }

    @Override
    public void writeBinary(ByteBuf payload) {
        events.add("binary " + payload.toString(StandardCharsets.UTF_8));
        payload.release();
    }

    @Override
    public void sessionReady() {
        events.add("ready");
    }

    @Override
    public void reply() {
        events.add("reply");
    }

    @Override
    public void delivered(long stampNanos) {
        events.add("delivered " + stampNanos);
    }

    @Override
    public void malformedDelivery() {
        events.add("malformed");
    }

    @Override
    public void mismatchedReply() {
        events.add("mismatched");
    }

    @Override
    public void otherMessage() {
        events.add("other");
    }

    @Override
    public void pingAnswered(long pingIntervalMillis) {
        events.add("ping answered every " + pingIntervalMillis + " ms");
    }

    @Override
    public void abort(String reason) {
        events.add("abort " + reason);
    }
}
