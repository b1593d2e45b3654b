package dev.parley.benchmarks.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JfrSummaryTest {
    /** Kept reachable so that the allocations are not optimised away. */
    static volatile Object sink;

    @Test
    void summarisesAllocationByClassAndTheCollections(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("r.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ObjectAllocationSample").with("throttle", "1000/s");
            recording.enable("jdk.GarbageCollection");
            recording.start();
            for (int i = 0; i < 500; i++) {
                sink = new long[64 * 1024]; // 512 KB each, outside any TLAB: sampled
            }
            System.gc();
            recording.stop();
            recording.dump(file);
        }
        String md = JfrSummary.of(file).markdown("test");
        assertThat(md).startsWith("# Profile: test");
        assertThat(md).containsPattern("\\| `long\\[\\]` \\| [0-9.]+ \\| [0-9.]+ \\|");
        assertThat(md).containsPattern("\\| [A-Za-z0-9 ]+ \\| [1-9][0-9]* \\| [0-9.]+ \\| [0-9.]+ \\|"); // a collector row
    }
}
