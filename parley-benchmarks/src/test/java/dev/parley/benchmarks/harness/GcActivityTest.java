package dev.parley.benchmarks.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.benchmarks.harness.ServerProcess.GcActivity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The GC log lines of JDK 25 (Temurin 25.0.3), as the harness's Java servers write them. */
class GcActivityTest {
    private static final List<String> G1 = List.of(
            "[0.012s][info][gc] Using G1",
            "[1.500s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 51M->8M(1024M) 4.210ms",
            "[5.100s][info][gc] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 60M->9M(1024M) 2.500ms",
            "[6.000s][info][gc] GC(2) Pause Young (Concurrent Start) (G1 Humongous Allocation) 70M->9M(1024M) 3.000ms",
            "[6.000s][info][gc] GC(3) Concurrent Mark Cycle",
            "[6.020s][info][gc] GC(3) Pause Remark 12M->12M(1024M) 1.000ms",
            "[6.030s][info][gc] GC(3) Pause Cleanup 12M->12M(1024M) 0.100ms",
            "[6.040s][info][gc] GC(3) Concurrent Mark Cycle 40.123ms");

    private static final List<String> ZGC = List.of(
            "[0.031s][info][gc] Using The Z Garbage Collector",
            "[0.094s][info][gc] GC(0) Major Collection (Warmup)",
            "[0.094s][info][gc,phases] GC(0) Y: Pause Mark Start (Major) 0.016ms",
            "[0.120s][info][gc,phases] GC(0) Y: Concurrent Mark 25.261ms",
            "[0.121s][info][gc,phases] GC(0) Y: Pause Mark End 0.021ms",
            "[0.121s][info][gc,phases] GC(0) Y: Pause Relocate Start 0.007ms",
            "[0.137s][info][gc,phases] GC(0) Y: Young Generation 8M(12%)->26M(41%) 0.043s",
            "[0.137s][info][gc,phases] GC(0) O: Pause Mark End 0.017ms",
            "[0.140s][info][gc       ] GC(0) Major Collection (Warmup) 8M(12%)->30M(47%) 0.047s",
            "[2.000s][info][gc       ] GC(1) Minor Collection (Allocation Rate)",
            "[2.000s][info][gc,phases] GC(1) y: Pause Mark Start 0.030ms",
            "[2.010s][info][gc,phases] GC(1) y: Concurrent Mark 9.000ms",
            "[2.011s][info][gc,phases] GC(1) y: Pause Mark End 0.020ms",
            "[2.012s][info][gc,phases] GC(1) y: Pause Relocate Start 0.010ms",
            "[2.030s][info][gc       ] GC(1) Minor Collection (Allocation Rate) 300M(29%)->40M(4%) 0.030s");

    @Test
    void g1PausesAfterTheWindowStart() {
        GcActivity all = GcActivity.of(G1, 0);
        assertThat(all.collections()).isEqualTo(4);
        assertThat(all.pauses()).isEqualTo(5);
        assertThat(all.pauseTotalMillis()).isCloseTo(10.81, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(all.pauseMaxMillis()).isEqualTo(4.21);

        GcActivity later = GcActivity.of(G1, 5.0);
        assertThat(later.collections()).isEqualTo(3);
        assertThat(later.pauses()).isEqualTo(4);
        assertThat(later.pauseMaxMillis()).isEqualTo(3.0);
    }

    @Test
    void zgcPausesAreItsPhasesAndItsCyclesTheCollections() {
        GcActivity all = GcActivity.of(ZGC, 0);
        assertThat(all.collections()).isEqualTo(2);
        assertThat(all.pauses()).isEqualTo(7); // concurrent phases and generation summaries are not pauses
        assertThat(all.pauseMaxMillis()).isEqualTo(0.03);

        GcActivity later = GcActivity.of(ZGC, 1.0);
        assertThat(later.collections()).isEqualTo(1);
        assertThat(later.pauses()).isEqualTo(3);
        assertThat(later.pauseTotalMillis()).isCloseTo(0.06, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void usedHeapOfG1OnJava17And25AndOfZgc() {
        assertThat(ServerProcess.usedHeapBytes("""
                garbage-first heap   total 1048576K, used 22606K [0x00000000c0000000, 0x0000000100000000)
                 region size 1024K, 21 young (21504K), 2 survivors (2048K)""")).isEqualTo(22606L * 1024);
        assertThat(ServerProcess.usedHeapBytes("""
                garbage-first heap   total reserved 262144K, committed 262144K, used 22606K [0x00000000f0000000, 0x0000000100000000)
                 region size 1024K, 21 young (21504K), 2 survivors (2048K)""")).isEqualTo(22606L * 1024);
        assertThat(ServerProcess.usedHeapBytes("""
                 ZHeap            used 32M, capacity 256M, max capacity 256M
                  Cache           224M (1)""")).isEqualTo(32L * 1024 * 1024);
        assertThat(ServerProcess.usedHeapBytes("nothing")).isEqualTo(-1);
    }

    @Test
    void theJava25KindsRunParleyWithTheirJvmOptionsOnTheModernJdk() {
        ServerKind.Paths paths = ServerKind.Paths.fromProjectRoot(java.nio.file.Path.of("/p"),
                java.nio.file.Path.of("/jdk25"), false);
        List<String> zgc = ServerKind.PARLEY_SIO_J25_ZGC_COMPACT.command(paths, 3700,
                java.nio.file.Path.of("/g.log"), "1g", List.of("--reuse-port"));
        assertThat(zgc).containsExactly("/jdk25/bin/java", "-Xms1g", "-Xmx1g", "-XX:+UseZGC",
                "-XX:+UseCompactObjectHeaders", "-Xlog:gc,gc+phases:file=/g.log", "-jar", "/p/parley-app/target/parley.jar",
                "serve", "--app", "echo", "--port", "3700", "--reuse-port");
        List<String> g1 = ServerKind.PARLEY_WS_J25_G1.command(paths, 3700, java.nio.file.Path.of("/g.log"), "1g",
                List.of());
        assertThat(g1).containsExactly("/jdk25/bin/java", "-Xms1g", "-Xmx1g", "-Xlog:gc:file=/g.log", "-jar",
                "/p/parley-app/target/parley.jar", "serve", "--app", "demo", "--port", "3700");
        assertThat(ServerKind.PARLEY_WS_J25_COMPACT.label).isEqualTo("Parley on Java 25, G1, compact headers");
        assertThat(paths.jcmdFor(ServerKind.PARLEY_SIO_J25_ZGC)).isEqualTo("/jdk25/bin/jcmd");
    }
}
