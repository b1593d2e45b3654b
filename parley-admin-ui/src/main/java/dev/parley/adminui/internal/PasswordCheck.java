package dev.parley.adminui.internal;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Checks a user name and password against the configured user and bcrypt hash. bcrypt is slow on purpose
 * (tens of milliseconds at cost 10), so it runs on one thread of its own, never on a caller's: an event
 * loop or a handler thread. That thread also throttles guessing: one check at a time, at most
 * {@code maxPending} queued, the rest refused at once. The user name is compared in constant time and the
 * hash is checked even when the name is wrong, so timing tells neither apart.
 */
public final class PasswordCheck implements AutoCloseable {
    /** Longer inputs are refused before bcrypt sees them (bcrypt reads at most 72 bytes anyway). */
    static final int MAX_INPUT_LENGTH = 1024;

    /** Passwords past bcrypt's 72 bytes are truncated, as bcryptjs (used by the Node package) does. */
    private static final BCrypt.Verifyer VERIFYER = BCrypt.verifyer(BCrypt.Version.VERSION_2A,
            LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2A));

    private final byte[] username;
    private final byte[] hash;
    private final ThreadPoolExecutor executor;

    public PasswordCheck(String username, String bcryptHash, int maxPending) {
        this.username = username.getBytes(StandardCharsets.UTF_8);
        this.hash = bcryptHash.getBytes(StandardCharsets.US_ASCII);
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(maxPending),
                r -> {
                    Thread t = new Thread(r, "parley-admin-ui-bcrypt");
                    t.setDaemon(true);
                    return t;
                });
    }

    /** The outcome of one login attempt. */
    public enum Outcome {
        ACCEPTED, REFUSED, BUSY
    }

    /** Completes with the outcome; {@link Outcome#BUSY} at once when too many checks are queued. */
    public CompletionStage<Outcome> check(Object givenUser, Object givenPassword) {
        if (!(givenUser instanceof String user) || !(givenPassword instanceof String password)
                || user.length() > MAX_INPUT_LENGTH || password.length() > MAX_INPUT_LENGTH) {
            return CompletableFuture.completedFuture(Outcome.REFUSED);
        }
        try {
            return CompletableFuture.supplyAsync(() -> verify(user, password), executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(Outcome.BUSY);
        }
    }

    private Outcome verify(String user, String password) {
        boolean userMatches = MessageDigest.isEqual(username, user.getBytes(StandardCharsets.UTF_8));
        boolean passwordMatches;
        try {
            passwordMatches = VERIFYER.verify(password.getBytes(StandardCharsets.UTF_8), hash).verified;
        } catch (IllegalArgumentException e) {
            // the library refuses some inputs outright (an empty password): a wrong password all the same
            passwordMatches = false;
        }
        return userMatches && passwordMatches ? Outcome.ACCEPTED : Outcome.REFUSED;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
