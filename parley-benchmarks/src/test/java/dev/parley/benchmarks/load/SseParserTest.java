package dev.parley.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {
    /** Events as the two servers send them: a retry, a heartbeat comment, ids, an envelope, CRLF and CR line ends. */
    private static final String STREAM = "retry: 1000\n\n"
            + ": heartbeat\n\n"
            + "id: 7\ndata: {\"id\":7,\"data\":\"a\"}\n\n"
            + "id:8\r\nevent: bench\r\ndata:first\r\ndata: second\r\n\r\n"
            + "event: gap\rdata: {}\r\r"
            + "data: no id line keeps the last\n\n"
            + "id: 9\n\n";

    private static final List<String> EXPECTED = List.of(
            "7 false {\"id\":7,\"data\":\"a\"}",
            "8 false first\nsecond",
            "8 true {}",
            "8 false no id line keeps the last");

    private final List<String> events = new ArrayList<>();
    private final SseParser parser = new SseParser((id, gap, data) ->
            events.add(id + " " + gap + " " + data.toString(StandardCharsets.UTF_8)));

    @Test
    void parsesAWholeStream() {
        feed(STREAM.getBytes(StandardCharsets.UTF_8), STREAM.length());
        assertThat(events).containsExactlyElementsOf(EXPECTED);
    }

    @Test
    void parsesTheStreamSplitAtEveryByte() {
        byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
        for (int split = 1; split < bytes.length; split++) {
            events.clear();
            SseParser fresh = new SseParser((id, gap, data) ->
                    events.add(id + " " + gap + " " + data.toString(StandardCharsets.UTF_8)));
            ByteBuf head = Unpooled.wrappedBuffer(bytes, 0, split);
            ByteBuf tail = Unpooled.wrappedBuffer(bytes, split, bytes.length - split);
            fresh.feed(head);
            fresh.feed(tail);
            fresh.release();
            assertThat(events).as("split at %d", split).containsExactlyElementsOf(EXPECTED);
        }
    }

    @Test
    void parsesTheStreamOneByteAtATime() {
        byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
        feed(bytes, 1);
        assertThat(events).containsExactlyElementsOf(EXPECTED);
    }

    @Test
    void refusesALineLongerThanTheBound() {
        ByteBuf huge = Unpooled.wrappedBuffer(new byte[SseParser.MAX_LINE + 1]);
        assertThatThrownBy(() -> parser.feed(huge)).isInstanceOf(IllegalStateException.class);
    }

    private void feed(byte[] bytes, int chunk) {
        for (int i = 0; i < bytes.length; i += chunk) {
            parser.feed(Unpooled.wrappedBuffer(bytes, i, Math.min(chunk, bytes.length - i)));
        }
        parser.release();
    }
}
