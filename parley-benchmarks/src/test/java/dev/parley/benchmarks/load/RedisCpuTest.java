package dev.parley.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class RedisCpuTest {
    /** What redis-cli 7.0 prints for INFO cpu (CRLF line ends, as Redis sends them). */
    private static final String INFO_CPU = "# CPU\r\nused_cpu_sys:12.345678\r\nused_cpu_user:30.5\r\n"
            + "used_cpu_sys_children:1.000000\r\nused_cpu_user_children:2.000000\r\n"
            + "used_cpu_sys_main_thread:11.0\r\nused_cpu_user_main_thread:29.0\r\n";

    @Test
    void theServersOwnSystemAndUserTimeWithoutItsChildren() throws IOException {
        // Children (fork for RDB/AOF rewrites) are not the cluster's traffic.
        assertThat(RedisCpu.parse(INFO_CPU)).isCloseTo(12.345678 + 30.5, within(1e-9));
    }

    @Test
    void anAnswerWithoutTheFiguresIsAnError() {
        assertThatThrownBy(() -> RedisCpu.parse("Could not connect to Redis at 127.0.0.1:1: Connection refused"))
                .isInstanceOf(IOException.class).hasMessageContaining("Connection refused");
    }
}
