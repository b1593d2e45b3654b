package dev.parley.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MaskingTest {
    @Test
    void matchesTheByteByByteDefinitionAtAnyOffsetAndLength() {
        Random random = new Random(42);
        for (int length = 0; length < 40; length++) {
            for (int offset = 0; offset < 8; offset++) {
                byte[] data = new byte[length];
                random.nextBytes(data);
                int key = random.nextInt();
                byte[] expected = new byte[length];
                for (int i = 0; i < length; i++) {
                    // RFC 6455 §5.3: j = i MOD 4; transformed-octet-i = original-octet-i XOR masking-key-octet-j
                    int j = (int) ((offset + i) % 4);
                    expected[i] = (byte) (data[i] ^ (key >>> (24 - 8 * j)));
                }
                ByteBuf buf = Unpooled.wrappedBuffer(new byte[3 + length]).writerIndex(3);
                buf.writeBytes(data);
                Masking.apply(buf, 3, length, key, offset);
                byte[] actual = new byte[length];
                buf.getBytes(3, actual);
                assertThat(actual).as("length %d offset %d", length, offset).isEqualTo(expected);
            }
        }
    }

    @Test
    void rfcExampleUnmasksToHello() {
        // RFC 6455 §5.7: mask 37 fa 21 3d over "Hello" gives 7f 9f 4d 51 58.
        ByteBuf buf = Unpooled.wrappedBuffer(Bytes.of(0x7f, 0x9f, 0x4d, 0x51, 0x58));
        Masking.apply(buf, 0, 5, 0x37fa213d, 0);
        assertThat(buf.toString(java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("Hello");
    }
}
