package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.push.PushConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The push options as {@code parley serve} reads them (the mixin on a command of its own). */
class PushOptionsTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Command(name = "serve")
    static final class Host {
        @Mixin
        PushOptions push = new PushOptions();
    }

    private static dev.parley.push.PushOptions parse(String... args) {
        Host host = new Host();
        new CommandLine(host).parseArgs(args);
        return host.push.options(10, Duration.ofMinutes(1), 10_000);
    }

    @Test
    void defaultsAreTheHubsAndPublishingIsOff() {
        dev.parley.push.PushOptions options = parse();
        assertThat(options.hub()).isEqualTo(PushConfig.defaults());
        assertThat(options.publishEnabled()).isFalse();
        assertThat(options.privateTopics()).isEmpty();
    }

    @Test
    void everyOptionMapsOntoTheGatewaysOptions() {
        dev.parley.push.PushOptions options = parse("--publish-token", "tok", "--publish-jwt-secret", SECRET,
                "--publish-max-size", "2048", "--private-topics", "user:*,admin", "--private-topics", "team:*",
                "--history-size", "50", "--history-age", "10m", "--max-topics", "500");
        assertThat(options.publishToken()).isEqualTo("tok");
        assertThat(options.jwtSecret()).isEqualTo(SECRET);
        assertThat(options.hub()).isEqualTo(new PushConfig(50, Duration.ofMinutes(10), 2048, 500));
        assertThat(options.privateTopics()).containsExactly("user:*", "admin", "team:*");
        assertThat(options.authFailureLimit()).isEqualTo(10);
    }

    @Test
    void valuesThatCannotApplyAreRefusedWithTheReason() {
        assertThatThrownBy(() -> parse("--private-topics", "user:*"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("JWT secret");
        assertThatThrownBy(() -> parse("--publish-jwt-secret", "short"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> parse("--publish-jwt-secret", SECRET, "--private-topics", "a*b"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("pattern");
        assertThatThrownBy(() -> parse("--publish-max-size", "0"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("maxDataBytes");
        assertThat(PushOptions.SECRET_OPTIONS).containsExactlyInAnyOrderElementsOf(List.of("--publish-token",
                "--publish-jwt-secret"));
    }

    @Test
    void serveHasThemWithoutAClash() {
        CommandLine serve = new CommandLine(new ServeCommand());
        assertThat(serve.getCommandSpec().findOption("--publish-token")).isNotNull();
        assertThat(serve.getCommandSpec().findOption("--max-topics")).isNotNull();
    }
}
