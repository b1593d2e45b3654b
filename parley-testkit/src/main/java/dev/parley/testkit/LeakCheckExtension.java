package dev.parley.testkit;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class if Netty reported a leaked buffer while (or before) it ran. Registered for every
 * test by JUnit's extension auto-detection (see META-INF/services).
 *
 * <p>Netty only notices a leak when the garbage collector has cleared the buffer and a later allocation
 * polls the reference queue, so this collects and allocates a few times before looking.
 */
public final class LeakCheckExtension implements AfterAllCallback {
    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        List<String> leaks = collect();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " Netty buffer leak(s) reported by the time "
                    + context.getDisplayName() + " finished:\n" + String.join("\n", leaks));
        }
    }

    /** Runs the GC and the detectors, then returns what they reported. */
    public static List<String> collect() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20); // lets the reference handler enqueue the collected buffers
            for (ByteBufAllocator alloc : new ByteBufAllocator[] {
                    PooledByteBufAllocator.DEFAULT, UnpooledByteBufAllocator.DEFAULT, ByteBufAllocator.DEFAULT}) {
                alloc.buffer(8).release();
                alloc.directBuffer(8).release();
                alloc.heapBuffer(8).release();
            }
        }
        return RecordingLeakDetector.drain();
    }
}
