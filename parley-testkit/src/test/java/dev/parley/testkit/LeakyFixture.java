package dev.parley.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A test class that leaks one buffer, run only by {@link LeakGateTest} (its name keeps surefire from
 * running it on its own).
 */
class LeakyFixture {
    @Test
    void forgetsToReleaseABuffer() {
        ByteBuf leaked = ByteBufAllocator.DEFAULT.directBuffer(64);
        leaked.writeCharSequence("never released", StandardCharsets.US_ASCII);
        // dropped here without release(): the leak detector must report it
    }

    @Test
    void releasesItsBuffer() {
        ByteBuf buffer = ByteBufAllocator.DEFAULT.directBuffer(64);
        buffer.release();
    }
}
