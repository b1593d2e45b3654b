package dev.parley.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testkit.PublicApiScanner;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The metrics API mentions no Netty type: Netty's memory is read in the internal package only. */
class MetricsPublicApiTest {
    private static final List<String> API_PACKAGES = List.of("dev.parley.metrics");

    @Test
    void noPublicSignatureMentionsNetty() throws Exception {
        assertThat(PublicApiScanner.publicClasses(API_PACKAGES)).extracting(Class::getSimpleName)
                .contains("ParleyMetrics", "MetricsServer");
        assertThat(PublicApiScanner.mentions(API_PACKAGES, List.of("io.netty"))).isEmpty();
    }
}
