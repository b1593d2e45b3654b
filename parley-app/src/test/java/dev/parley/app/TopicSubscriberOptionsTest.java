package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.push.SubscriberOptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class TopicSubscriberOptionsTest {
    @Command(name = "test")
    static final class WithSubscribers {
        @Mixin
        TopicSubscriberOptions subscribers = new TopicSubscriberOptions();
    }

    private static TopicSubscriberOptions parse(String... args) {
        WithSubscribers command = new WithSubscribers();
        new CommandLine(command).parseArgs(args);
        return command.subscribers;
    }

    @Test
    void theDefaultsAreTheLibrarysDefaults() {
        assertThat(parse().subscriberOptions()).isEqualTo(SubscriberOptions.defaults());
    }

    @Test
    void everyOptionReachesItsField() {
        assertThat(parse("--subscriber-max-topics", "3", "--subscriber-max-message-size", "512",
                "--subscriber-max-replay", "0").subscriberOptions()).isEqualTo(new SubscriberOptions(3, 512, 0));
    }

    @Test
    void anImpossibleBoundIsAParameterError() {
        assertThatThrownBy(() -> parse("--subscriber-max-topics", "0").subscriberOptions())
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--subscriber-*");
    }
}
