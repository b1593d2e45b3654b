package dev.parley.chat;

import java.time.Duration;
import java.util.Objects;

/**
 * How people prove who they are beyond a session token: nicknames secured by a password, signing in from another
 * device, and whether nickname-only guests are allowed (docs/chat.md, "Accounts"). Immutable; build with
 * {@link #builder()}.
 *
 * @param mode whether nickname-only guests may join ({@link Mode#GUESTS}, the default) or every new nickname needs
 *     a password ({@link Mode#REQUIRED})
 * @param minPasswordLength the fewest characters (code points after NFKC) of a new password. Default
 *     {@value #DEFAULT_MIN_PASSWORD_LENGTH}. Only new passwords are held to it: raising it never locks anyone out
 * @param maxPasswordLength the most characters of any password, new or presented (it bounds the work of a
 *     hash). Default {@value #DEFAULT_MAX_PASSWORD_LENGTH}
 * @param signInFailureLimit failed password checks per nickname (and its look-alikes) per
 *     {@code signInFailureWindow}, from all addresses together; past it every sign-in to that nickname is refused
 *     until the window ends. Default {@value #DEFAULT_SIGN_IN_FAILURE_LIMIT}. (Per address, the chat's shared
 *     {@code authFailureLimit} applies too.)
 * @param signInFailureWindow the window of {@code signInFailureLimit}. Default 15 minutes
 * @param hashThreads hashes computed at once. Default half the processors, at least 1
 * @param maxPendingHashes hashes accepted at once, running or waiting; past it a sign-in or a password change is
 *     refused with {@code busy}. Default {@value #DEFAULT_MAX_PENDING_HASHES}
 * @param hashCost the Argon2id cost of new hashes. Default {@link HashCost#DEFAULT}
 */
public record AccountConfig(Mode mode, int minPasswordLength, int maxPasswordLength, int signInFailureLimit,
        Duration signInFailureWindow, int hashThreads, int maxPendingHashes, HashCost hashCost) {

    public static final int DEFAULT_MIN_PASSWORD_LENGTH = 8;
    public static final int DEFAULT_MAX_PASSWORD_LENGTH = 200;
    /** Failed sign-ins per nickname and window: 10, as for tokens per address. */
    public static final int DEFAULT_SIGN_IN_FAILURE_LIMIT = 10;
    /** The window of failed sign-ins per nickname: 15 minutes, so at most 960 guesses a day at one account. */
    public static final Duration DEFAULT_SIGN_IN_FAILURE_WINDOW = Duration.ofMinutes(15);
    /** Hashes accepted at once: 64, about 2 s of waiting at 35 ms a hash on one thread. */
    public static final int DEFAULT_MAX_PENDING_HASHES = 64;

    /** Whether nickname-only guests may join. */
    public enum Mode {
        /** A nickname alone is enough (a password is optional, and can be set later). */
        GUESTS,
        /** A new nickname needs a password; sessions issued before keep working. */
        REQUIRED
    }

    /**
     * The Argon2id parameters of new hashes (RFC 9106 §3.1; stored hashes carry their own).
     *
     * @param memoryKib memory per hash, in KiB
     * @param iterations passes over that memory
     * @param parallelism lanes
     */
    public record HashCost(int memoryKib, int iterations, int parallelism) {
        /**
         * 19 MiB, 2 passes, 1 lane: OWASP's first recommended Argon2id setting (Password Storage Cheat Sheet), about
         * 35 ms of CPU on one core of this machine (Bouncy Castle 1.87; the reference C implementation: 22 ms); one
         * lane, so that a hash takes one thread and the bound on threads is a bound on CPU.
         */
        public static final HashCost DEFAULT = new HashCost(19 * 1024, 2, 1);

        public HashCost {
            if (parallelism < 1 || iterations < 1 || memoryKib < 8 * parallelism) {
                throw new IllegalArgumentException("Argon2 needs parallelism >= 1, iterations >= 1, memory >= 8 KiB a lane");
            }
        }
    }

    public AccountConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(hashCost, "hashCost");
        if (minPasswordLength < 1 || maxPasswordLength < minPasswordLength) {
            throw new IllegalArgumentException("password lengths need 1 <= min <= max");
        }
        if (signInFailureLimit <= 0 || hashThreads <= 0 || maxPendingHashes <= 0) {
            throw new IllegalArgumentException("account limits must be positive");
        }
        if (signInFailureWindow == null || signInFailureWindow.isNegative() || signInFailureWindow.isZero()) {
            throw new IllegalArgumentException("signInFailureWindow must be positive");
        }
    }

    public static AccountConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link AccountConfig}. */
    public static final class Builder {
        private Mode mode = Mode.GUESTS;
        private int minPasswordLength = DEFAULT_MIN_PASSWORD_LENGTH;
        private int maxPasswordLength = DEFAULT_MAX_PASSWORD_LENGTH;
        private int signInFailureLimit = DEFAULT_SIGN_IN_FAILURE_LIMIT;
        private Duration signInFailureWindow = DEFAULT_SIGN_IN_FAILURE_WINDOW;
        private int hashThreads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        private int maxPendingHashes = DEFAULT_MAX_PENDING_HASHES;
        private HashCost hashCost = HashCost.DEFAULT;

        public Builder mode(Mode mode) {
            this.mode = mode;
            return this;
        }

        /** New passwords have {@code min} to {@code max} characters; presented ones at most {@code max}. */
        public Builder passwordLength(int min, int max) {
            this.minPasswordLength = min;
            this.maxPasswordLength = max;
            return this;
        }

        /** Failed sign-ins per nickname: {@code failures} per {@code window}. */
        public Builder signInFailureLimit(int failures, Duration window) {
            this.signInFailureLimit = failures;
            this.signInFailureWindow = window;
            return this;
        }

        /** Hashes computed at once ({@code threads}) and accepted at once ({@code maxPending}). */
        public Builder hashing(int threads, int maxPending) {
            this.hashThreads = threads;
            this.maxPendingHashes = maxPending;
            return this;
        }

        public Builder hashCost(HashCost cost) {
            this.hashCost = cost;
            return this;
        }

        public AccountConfig build() {
            return new AccountConfig(mode, minPasswordLength, maxPasswordLength, signInFailureLimit, signInFailureWindow,
                    hashThreads, maxPendingHashes, hashCost);
        }
    }
}
