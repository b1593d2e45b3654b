package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.push.SubscribeAuthorizer;
import dev.parley.push.polling.PollingOptions;
import dev.parley.push.sse.SseOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class HttpSubscriberOptionsTest {
    @Command(name = "test")
    static final class WithSubscribers {
        @Mixin
        HttpSubscriberOptions subscribers = new HttpSubscriberOptions();
    }

    private static HttpSubscriberOptions parse(String... args) {
        WithSubscribers command = new WithSubscribers();
        new CommandLine(command).parseArgs(args);
        return command.subscribers;
    }

    @Test
    void theDefaultsAreTheLibrarysDefaults() {
        HttpSubscriberOptions options = parse();
        assertThat(options.sse(SubscribeAuthorizer.PUBLIC)).isEqualTo(SseOptions.defaults());
        assertThat(options.polling(SubscribeAuthorizer.PUBLIC)).isEqualTo(PollingOptions.defaults());
    }

    @Test
    void everyOptionReachesItsField() {
        HttpSubscriberOptions options = parse("--sse-heartbeat", "5s", "--sse-retry", "500ms", "--sse-max-topics", "3",
                "--sse-max-streams", "10", "--sse-max-streams-per-address", "2", "--sse-max-buffered", "4096",
                "--poll-max-wait", "10s", "--poll-max-events", "5", "--poll-max-waiting", "7", "--poll-max-waiting-per-address", "1");
        SseOptions sse = options.sse(SubscribeAuthorizer.PUBLIC);
        assertThat(sse.heartbeat()).isEqualTo(Duration.ofSeconds(5));
        assertThat(sse.retry()).isEqualTo(Duration.ofMillis(500));
        assertThat(sse.maxTopics()).isEqualTo(3);
        assertThat(sse.maxStreams()).isEqualTo(10);
        assertThat(sse.maxStreamsPerAddress()).isEqualTo(2);
        assertThat(sse.maxBufferedBytes()).isEqualTo(4096);
        assertThat(sse.maxReplayBytes()).isEqualTo(2048); // half of the buffer when that is under the default
        PollingOptions polling = options.polling(SubscribeAuthorizer.PUBLIC);
        assertThat(polling.maxWait()).isEqualTo(Duration.ofSeconds(10));
        assertThat(polling.maxEvents()).isEqualTo(5);
        assertThat(polling.maxWaiting()).isEqualTo(7);
        assertThat(polling.maxWaitingPerAddress()).isEqualTo(1);
    }

    @Test
    void anImpossibleValueIsRefusedWithTheOptionsName() {
        assertThatThrownBy(() -> parse("--sse-max-topics", "0").sse(SubscribeAuthorizer.PUBLIC))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--sse-");
        assertThatThrownBy(() -> parse("--poll-max-waiting", "0").polling(SubscribeAuthorizer.PUBLIC))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--poll-");
    }
}
