package dev.parley.app;

import dev.parley.chat.AccountConfig;
import dev.parley.chat.ChatConfig;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The chat's account options (docs/chat.md, "Accounts"), mixed into {@code parley serve}. Defaults are
 * {@link AccountConfig}'s.
 */
final class ChatAccountOptions {
    /** The values of {@code --accounts}, as typed. */
    enum Accounts { guests, required }

    @Option(names = "--accounts", defaultValue = "${env:PARLEY_ACCOUNTS:-guests}",
            description = "Chat: guests (a nickname alone is enough; a password is optional) or required (every new "
                    + "nickname needs a password; sessions issued before keep working) (env PARLEY_ACCOUNTS). "
                    + "Default: ${DEFAULT-VALUE}")
    Accounts accounts;

    @Option(names = "--password-min-length", defaultValue = "${env:PARLEY_PASSWORD_MIN_LENGTH:-8}",
            description = "Chat: the fewest characters of a new password (env PARLEY_PASSWORD_MIN_LENGTH). "
                    + "Default: ${DEFAULT-VALUE}")
    int passwordMinLength;

    @Option(names = "--password-max-length", defaultValue = "${env:PARLEY_PASSWORD_MAX_LENGTH:-200}",
            description = "Chat: the most characters of any password, new or presented (bounds the work of a hash) "
                    + "(env PARLEY_PASSWORD_MAX_LENGTH). Default: ${DEFAULT-VALUE}")
    int passwordMaxLength;

    @Option(names = "--sign-in-failure-limit", defaultValue = "${env:PARLEY_SIGN_IN_FAILURE_LIMIT:-10}",
            description = "Chat: failed password checks per nickname and window, from all addresses, before that "
                    + "nickname's sign-ins are refused until the window ends (env PARLEY_SIGN_IN_FAILURE_LIMIT). "
                    + "Default: ${DEFAULT-VALUE}")
    int signInFailureLimit;

    @Option(names = "--sign-in-failure-window", converter = DurationConverter.class,
            defaultValue = "${env:PARLEY_SIGN_IN_FAILURE_WINDOW:-15m}",
            description = "Chat: the window of --sign-in-failure-limit (env PARLEY_SIGN_IN_FAILURE_WINDOW). "
                    + "Default: ${DEFAULT-VALUE}")
    Duration signInFailureWindow;

    @Option(names = "--password-hash-threads", defaultValue = "${env:PARLEY_PASSWORD_HASH_THREADS:-0}",
            description = "Chat: passwords hashed at once (Argon2id, one core each); 0 for half the processors, at "
                    + "least 1 (env PARLEY_PASSWORD_HASH_THREADS). Default: ${DEFAULT-VALUE}")
    int passwordHashThreads;

    @Option(names = "--password-hash-queue", defaultValue = "${env:PARLEY_PASSWORD_HASH_QUEUE:-64}",
            description = "Chat: password hashes accepted at once, running or waiting; past it a sign-in is refused "
                    + "with 'busy' (env PARLEY_PASSWORD_HASH_QUEUE). Default: ${DEFAULT-VALUE}")
    int passwordHashQueue;

    /** Applies these options to the chat's configuration. */
    ChatConfig.Builder applyTo(ChatConfig.Builder builder) {
        int threads = passwordHashThreads > 0 ? passwordHashThreads
                : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        return builder.accounts(AccountConfig.builder()
                .mode(accounts == Accounts.required ? AccountConfig.Mode.REQUIRED : AccountConfig.Mode.GUESTS)
                .passwordLength(passwordMinLength, passwordMaxLength)
                .signInFailureLimit(signInFailureLimit, signInFailureWindow)
                .hashing(threads, passwordHashQueue)
                .build());
    }
}
