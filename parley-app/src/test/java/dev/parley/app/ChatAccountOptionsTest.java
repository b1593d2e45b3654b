package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.chat.AccountConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --accounts} and the password options of {@code parley serve}, down to the chat's {@link AccountConfig}. */
class ChatAccountOptionsTest {
    private static AccountConfig accounts(String... args) {
        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs(args);
        return command.chatConfig().accounts();
    }

    @Test
    void defaultsAreTheChatsGuestsAllowed() {
        AccountConfig defaults = accounts();
        assertThat(defaults.mode()).isEqualTo(AccountConfig.Mode.GUESTS);
        assertThat(defaults.minPasswordLength()).isEqualTo(8).isEqualTo(AccountConfig.DEFAULT_MIN_PASSWORD_LENGTH);
        assertThat(defaults.maxPasswordLength()).isEqualTo(200).isEqualTo(AccountConfig.DEFAULT_MAX_PASSWORD_LENGTH);
        assertThat(defaults.signInFailureLimit()).isEqualTo(10).isEqualTo(AccountConfig.DEFAULT_SIGN_IN_FAILURE_LIMIT);
        assertThat(defaults.signInFailureWindow()).isEqualTo(Duration.ofMinutes(15))
                .isEqualTo(AccountConfig.DEFAULT_SIGN_IN_FAILURE_WINDOW);
        assertThat(defaults.hashThreads()).isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
        assertThat(defaults.maxPendingHashes()).isEqualTo(64).isEqualTo(AccountConfig.DEFAULT_MAX_PENDING_HASHES);
        assertThat(defaults.hashCost()).isEqualTo(AccountConfig.HashCost.DEFAULT);
    }

    @Test
    void everyOptionReachesTheChat() {
        AccountConfig set = accounts("--accounts", "required", "--password-min-length", "12", "--password-max-length",
                "64", "--sign-in-failure-limit", "5", "--sign-in-failure-window", "1h", "--password-hash-threads", "3",
                "--password-hash-queue", "9");
        assertThat(set.mode()).isEqualTo(AccountConfig.Mode.REQUIRED);
        assertThat(set.minPasswordLength()).isEqualTo(12);
        assertThat(set.maxPasswordLength()).isEqualTo(64);
        assertThat(set.signInFailureLimit()).isEqualTo(5);
        assertThat(set.signInFailureWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(set.hashThreads()).isEqualTo(3);
        assertThat(set.maxPendingHashes()).isEqualTo(9);
    }

    @Test
    void badValuesAreRefusedWithAReason() {
        assertThatThrownBy(() -> accounts("--accounts", "open")).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("guests, required");
        assertThatThrownBy(() -> accounts("--password-min-length", "20", "--password-max-length", "10"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("min <= max");
        assertThatThrownBy(() -> accounts("--password-hash-queue", "0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }
}
