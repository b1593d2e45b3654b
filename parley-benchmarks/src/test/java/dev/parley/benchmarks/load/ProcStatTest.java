package dev.parley.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ProcStatTest {
    @Test
    void busyIsUserNiceSystemIrqSoftirqAndTotalLeavesGuestOut() {
        // cpu user nice system idle iowait irq softirq steal guest guest_nice (proc(5))
        ProcStat stat = ProcStat.parse("cpu  341157 3557 36927 601354 1058 0 2529 671 500 0");
        assertThat(stat.busy()).isEqualTo(341157 + 3557 + 36927 + 0 + 2529);
        assertThat(stat.total()).isEqualTo(stat.busy() + 601354 + 1058 + 671);
    }

    @Test
    void busyFractionOfADelta() {
        ProcStat before = ProcStat.parse("cpu 100 0 100 800 0 0 0 0 0 0");
        ProcStat after = ProcStat.parse("cpu 250 0 150 900 0 0 0 0 0 0");
        assertThat(after.busyFractionSince(before)).isCloseTo(200.0 / 300.0, within(1e-9));
        assertThat(before.busyFractionSince(before)).isZero();
    }

    @Test
    void processTicksAreUtimePlusStimeEvenWithSpacesInTheName() {
        String stat = "2813 (java (main) x) S 1 2813 2800 0 -1 4194560 30000 0 5 0 1234 567 0 0 20 0 40 0 "
                + "4321 8975112192 18478 18446744073709551615";
        assertThat(ProcStat.parseProcessTicks(stat)).isEqualTo(1234 + 567);
    }
}
