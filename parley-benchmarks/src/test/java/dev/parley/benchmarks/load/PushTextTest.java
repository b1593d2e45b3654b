package dev.parley.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PushTextTest {
    private static final int SIZE = 32;

    @Test
    void theTemplateIsAJsonStringOfTheGivenLength() {
        String data = PushText.template(SIZE);
        assertThat(data).hasSize(SIZE + 2).startsWith("\"@0000000000000000").endsWith("\"");
        assertThatThrownBy(() -> PushText.template(16)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void findsTheStampInEveryEnvelope() {
        String data = PushText.template(SIZE).replace("@0000000000000000", "@fffffffffffffffe");
        for (String envelope : List.of(
                "{\"type\":\"event\",\"topic\":\"bench\",\"id\":17,\"data\":" + data + "}",
                "42/topics,[\"topic:event\",{\"topic\":\"bench\",\"id\":17,\"data\":" + data + "}]",
                "{\"data\":" + data + ",\"id\":17}",
                data)) {
            ByteBuf in = buffer(envelope);
            int stamp = PushText.find(in, SIZE);
            assertThat(stamp).as(envelope).isPositive();
            assertThat(PushText.stampAt(in, stamp)).isEqualTo(-2L);
            assertThat(PushText.id(in)).isEqualTo(data.equals(envelope) ? -1 : 17);
        }
    }

    @Test
    void dataOfAnotherLengthOrWithoutStampIsNotFound() {
        assertThat(PushText.find(buffer("{\"data\":" + PushText.template(SIZE + 1) + "}"), SIZE)).isEqualTo(-1);
        assertThat(PushText.find(buffer("{\"data\":\"@xyz\"}"), SIZE)).isEqualTo(-1);
        assertThat(PushText.find(buffer("{\"data\":1}"), SIZE)).isEqualTo(-1);
    }

    @Test
    void subscribersAreInterleavedOverTheTransports() {
        Map<PushTransport, Integer> counts = new EnumMap<>(PushTransport.class);
        counts.put(PushTransport.sse, 3);
        counts.put(PushTransport.ws, 1);
        counts.put(PushTransport.longpoll, 2);
        assertThat(PushSubscribers.interleave(counts)).containsExactly(PushTransport.sse, PushTransport.ws,
                PushTransport.longpoll, PushTransport.sse, PushTransport.longpoll, PushTransport.sse);
    }

    private static ByteBuf buffer(String s) {
        return Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.UTF_8));
    }
}
