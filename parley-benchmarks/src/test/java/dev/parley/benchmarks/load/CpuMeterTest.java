package dev.parley.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CpuMeterTest {
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    @Test
    void serverCpuSecondsAreTheServersTicksAsAShareOfTheMachinesOverTheWallTime() {
        // 10 s at 100 ticks per second on every core; the two servers used 100 + 50 ticks: 1.5 s.
        CpuMeter.Sample from = new CpuMeter.Sample(0, 0, new ProcStat(0, 0), new long[] {10, 20});
        CpuMeter.Sample to = new CpuMeter.Sample(10_000_000_000L, 0, new ProcStat(500, CORES * 1000L),
                new long[] {110, 70});
        assertThat(CpuMeter.serverCpuSeconds(from, to)).isCloseTo(1.5, within(1e-9));
    }

    @Test
    void noFigureWithoutServersOrWhenOneCouldNotBeRead() {
        CpuMeter.Sample none = new CpuMeter.Sample(0, 0, new ProcStat(0, 0), new long[0]);
        assertThat(CpuMeter.serverCpuSeconds(none, none)).isNaN();
        CpuMeter.Sample from = new CpuMeter.Sample(0, 0, new ProcStat(0, 0), new long[] {10});
        CpuMeter.Sample gone = new CpuMeter.Sample(1_000_000_000L, 0, new ProcStat(10, 200), new long[] {-1});
        assertThat(CpuMeter.serverCpuSeconds(from, gone)).isNaN();
    }
}
