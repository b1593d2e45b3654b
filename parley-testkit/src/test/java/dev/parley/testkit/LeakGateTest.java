package dev.parley.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * Proves that the leak gate fails a build: a test class that leaks one buffer is run through JUnit with
 * the same settings as the build (PARANOID detection, {@link RecordingLeakDetector}, extension
 * auto-detection), and its class container must fail with the leak report, while its tests pass.
 */
class LeakGateTest {

    @Test
    void theBuildRunsThePARANOIDRecordingDetector() {
        // Set by the surefire argLine in the root pom; without them a leak would go unreported.
        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
        assertThat(System.getProperty("io.netty.customResourceLeakDetector"))
                .isEqualTo(RecordingLeakDetector.class.getName());
    }

    @Test
    void aClassThatLeaksABufferFails() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                .selectors(selectClass(LeakyFixture.class))
                .execute();
        Events containers = results.containerEvents();

        assertThat(results.testEvents().succeeded().count()).as("the fixture's tests themselves pass").isEqualTo(2);
        assertThat(containers.failed().stream().map(LeakGateTest::failureMessage))
                .as("the fixture class fails because of the leak")
                .anySatisfy(message -> assertThat(message)
                        .contains("Netty buffer leak(s) reported")
                        .contains("LEAK"));
    }

    private static String failureMessage(Event event) {
        return event.getPayload(TestExecutionResult.class)
                .flatMap(TestExecutionResult::getThrowable)
                .map(Throwable::getMessage)
                .orElse("");
    }
}
