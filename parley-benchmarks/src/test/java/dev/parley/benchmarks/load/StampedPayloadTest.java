package dev.parley.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StampedPayloadTest {
    @Test
    void everyStampComesBackWhole() {
        ByteBuf buffer = Unpooled.buffer(20).writeZero(20);
        for (long stamp : new long[] {0, 1, 123_456_789, System.nanoTime(), -1, Long.MAX_VALUE, Long.MIN_VALUE}) {
            StampedPayload.writeStamp(buffer, 2, stamp);
            assertThat(StampedPayload.isStamp(buffer, 2)).isTrue();
            assertThat(StampedPayload.readStamp(buffer, 2)).isEqualTo(stamp);
        }
        StampedPayload.writeStamp(buffer, 0, 123_456_789);
        assertThat(buffer.toString(0, 16, StandardCharsets.US_ASCII)).isEqualTo("00000000075bcd15");
    }

    @Test
    void aRawMessageIsTheStampThenFiller() {
        StampedPayload payload = StampedPayload.raw(20);
        assertThat(payload.length()).isEqualTo(20);
        ByteBuf message = payload.write(ByteBufAllocator.DEFAULT, 255);
        assertThat(message.toString(StandardCharsets.US_ASCII)).isEqualTo("00000000000000ffabcd");
        message.release();
    }

    @Test
    void aSocketIoEventCarriesTheStampInItsLastArgument() {
        StampedPayload payload = StampedPayload.socketIoEvent(18, "broadcast", "bench");
        ByteBuf packet = payload.write(ByteBufAllocator.DEFAULT, 16);
        assertThat(packet.toString(StandardCharsets.US_ASCII))
                .isEqualTo("42[\"broadcast\",\"bench\",\"0000000000000010ab\"]");
        assertThat(payload.length()).isEqualTo(packet.readableBytes());
        packet.release();
        ByteBuf news = StampedPayload.socketIoEvent(16, "news").write(ByteBufAllocator.DEFAULT, 0);
        assertThat(news.toString(StandardCharsets.US_ASCII)).isEqualTo("42[\"news\",\"0000000000000000\"]");
        news.release();
    }

    @Test
    void notAStamp() {
        assertThat(StampedPayload.isStamp(ascii("00000000000000FF"), 0)).as("upper case").isFalse();
        assertThat(StampedPayload.isStamp(ascii("00000000000000g0"), 0)).isFalse();
        assertThat(StampedPayload.isStamp(ascii("000000000000000"), 0)).as("15 digits").isFalse();
        assertThat(StampedPayload.isStamp(ascii("x0000000000000000"), 1)).isTrue();
        assertThat(StampedPayload.isStamp(ascii("0000000000000000"), 1)).as("past the end").isFalse();
    }

    @Test
    void aPayloadShorterThanTheStampIsRefused() {
        assertThatThrownBy(() -> StampedPayload.raw(15)).hasMessageContaining("--payload must be at least 16");
    }

    private static ByteBuf ascii(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }
}
