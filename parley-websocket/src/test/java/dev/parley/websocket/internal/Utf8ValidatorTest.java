package dev.parley.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8ValidatorTest {
    static boolean valid(byte[] bytes) {
        return Utf8Validator.isValid(Unpooled.wrappedBuffer(bytes), 0, bytes.length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Hello", "κόσμε", "€𝄞 mixed ASCII and multi-byte 日本語", "\u0000\u007f\u0080\u07ff\u0800\uffff"})
    void acceptsValidText(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertThat(valid(bytes)).isTrue();
        // Split at every boundary: state must carry across chunks.
        for (int split = 0; split <= bytes.length; split++) {
            Utf8Validator v = new Utf8Validator();
            assertThat(v.feed(Unpooled.wrappedBuffer(bytes), 0, split)).isTrue();
            assertThat(v.feed(Unpooled.wrappedBuffer(bytes), split, bytes.length - split)).isTrue();
            assertThat(v.isComplete()).isTrue();
        }
    }

    @Test
    void acceptsBoundaryCodePoints() {
        assertThat(valid(Bytes.of(0xF4, 0x8F, 0xBF, 0xBF))).as("U+10FFFF").isTrue();
        assertThat(valid(Bytes.of(0xEF, 0xBF, 0xBF))).as("U+FFFF").isTrue();
        assertThat(valid(Bytes.of(0xED, 0x9F, 0xBF))).as("U+D7FF").isTrue();
        assertThat(valid(Bytes.of(0xEE, 0x80, 0x80))).as("U+E000").isTrue();
    }

    @Test
    void rejectsInvalidSequences() {
        assertThat(valid(Bytes.of(0xC0, 0x80))).as("overlong NUL").isFalse();
        assertThat(valid(Bytes.of(0xC1, 0xBF))).as("overlong 2-byte").isFalse();
        assertThat(valid(Bytes.of(0xE0, 0x80, 0xAF))).as("overlong 3-byte").isFalse();
        assertThat(valid(Bytes.of(0xF0, 0x80, 0x80, 0xAF))).as("overlong 4-byte").isFalse();
        assertThat(valid(Bytes.of(0xED, 0xA0, 0x80))).as("surrogate U+D800").isFalse();
        assertThat(valid(Bytes.of(0xED, 0xBF, 0xBF))).as("surrogate U+DFFF").isFalse();
        assertThat(valid(Bytes.of(0xF4, 0x90, 0x80, 0x80))).as("U+110000").isFalse();
        assertThat(valid(Bytes.of(0xF5, 0x80, 0x80, 0x80))).as("lead byte F5").isFalse();
        assertThat(valid(Bytes.of(0xFF))).isFalse();
        assertThat(valid(Bytes.of(0x80))).as("lone continuation").isFalse();
        assertThat(valid(Bytes.of(0xCE, 0xBA, 0xE1))).as("truncated").isFalse();
        assertThat(valid(Bytes.of(0xE1, 0x41))).as("ASCII inside a sequence").isFalse();
    }

    @Test
    void failsOnTheFirstBadByteNotAtTheEnd() {
        // RFC 6455 §8.1 fail fast: "κόσμε" then 0xED 0xA0 0x80: the validator says no at 0xA0.
        Utf8Validator v = new Utf8Validator();
        byte[] good = "κόσμε".getBytes(StandardCharsets.UTF_8);
        assertThat(v.feed(Unpooled.wrappedBuffer(good), 0, good.length)).isTrue();
        assertThat(v.feedByte(0xED)).isTrue();
        assertThat(v.feedByte(0xA0)).isFalse();
    }

    @Test
    void longAsciiRunsWithATrailingError() {
        byte[] bytes = new byte[1001];
        java.util.Arrays.fill(bytes, (byte) 'a');
        bytes[1000] = (byte) 0xFF;
        assertThat(valid(bytes)).isFalse();
        bytes[1000] = 'b';
        assertThat(valid(bytes)).isTrue();
    }
}
