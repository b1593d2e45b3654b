package dev.parley.push.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.push.TopicEvent;
import dev.parley.push.sse.internal.SseEncoding;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The SSE bytes of events, gaps and the stream's start, read back as a browser parses them. */
class SseEncodingTest {
    @Test
    void anEventIsOneMessageWithItsIdAndItsJson() throws Exception {
        TopicEvent event = new TopicEvent("prices", 42, "{\"eur\":1.08}", 0);
        byte[] bytes = event.encoded(SseEncoding.EVENT);
        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .isEqualTo("id: 42\ndata: {\"id\":42,\"topic\":\"prices\",\"data\":{\"eur\":1.08}}\n\n");
        assertThat(event.encoded(SseEncoding.EVENT)).isSameAs(bytes); // encoded once, shared by every stream
    }

    @Test
    void lineBreaksInTheJsonBecomeDataLinesThatJoinBackToTheSameJson() throws Exception {
        String json = "{\r\n  \"a\": [1,\r  2],\n  \"b\": \"x\"\n}";
        TopicEvent event = new TopicEvent("t", 7, json, 0);
        String text = new String(event.encoded(SseEncoding.EVENT), StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("\r").contains("data:   \"a\": [1,\n");
        SseReader.Event read = new SseReader(new ByteArrayInputStream(event.encoded(SseEncoding.EVENT))).next();
        assertThat(read.id()).isEqualTo("7");
        assertThat(read.data()).isEqualTo("{\"id\":7,\"topic\":\"t\",\"data\":{\n  \"a\": [1,\n  2],\n  \"b\": \"x\"\n}}");
    }

    @Test
    void aGapIsANamedEventWithoutAnId() throws Exception {
        SseReader.Event gap = new SseReader(new ByteArrayInputStream(
                SseEncoding.gap("feed:x", 12).getBytes(StandardCharsets.UTF_8))).next();
        assertThat(gap.type()).isEqualTo("gap");
        assertThat(gap.id()).isNull();
        assertThat(gap.data()).isEqualTo("{\"topic\":\"feed:x\",\"afterId\":12}");
    }

    @Test
    void theStartSetsTheRetryAndTheHeartbeatIsAComment() throws Exception {
        SseReader.Event hello = new SseReader(new ByteArrayInputStream(
                SseEncoding.hello(2000).getBytes(StandardCharsets.UTF_8))).next();
        assertThat(hello.retry()).isEqualTo(2000);
        assertThat(hello.data()).isNull();
        SseReader.Event beat = new SseReader(new ByteArrayInputStream(SseEncoding.HEARTBEAT)).next();
        assertThat(beat.comments()).containsExactly("");
        assertThat(beat.data()).isNull();
    }
}
