package dev.parley.chat.internal;

import dev.parley.chat.AccountConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Hashes and verifies passwords with Argon2id (RFC 9106, Bouncy Castle's {@link Argon2BytesGenerator}) on its own
 * threads, never the caller's: hashing is slow on purpose (tens of milliseconds and {@code memoryKib} of memory
 * each), so it must stay off the network event loops and off the chat's handler threads.
 *
 * <p>Hashes are stored as PHC strings, {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} (the reference
 * implementation's encoding, unpadded standard base64), so each one carries its own cost: changing the cost later
 * keeps every stored hash verifiable. Salts are 16 bytes from {@link SecureRandom}; hashes are 32 bytes.
 *
 * <p>Bounded: at most {@code threads} hashes run at once and at most {@code maxPending} are accepted (running or
 * waiting); past that a request fails at once with {@link Busy}, so a flood of sign-ins can take neither all the
 * CPU nor unbounded memory. Thread-safe.
 */
public final class PasswordHasher implements AutoCloseable {
    static final int SALT_BYTES = 16;
    static final int HASH_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]{11,64})\\$([A-Za-z0-9+/]{22,128})");

    private final AccountConfig.HashCost cost;
    private final Executor executor;
    private final ExecutorService ownPool;
    private final Semaphore slots;
    /** Verified against when there is no stored hash: the same work as a real one, never a match. */
    private final String standIn;

    /** With its own pool of {@code threads} daemon threads named {@code parley-chat-password-N}. */
    public PasswordHasher(AccountConfig.HashCost cost, int threads, int maxPending) {
        this(cost, maxPending, pool(threads));
    }

    private PasswordHasher(AccountConfig.HashCost cost, int maxPending, ExecutorService pool) {
        this(cost, maxPending, pool, pool);
    }

    /** With the executor given (tests hold tasks to fill the bound). */
    PasswordHasher(AccountConfig.HashCost cost, int maxPending, Executor executor) {
        this(cost, maxPending, executor, null);
    }

    private PasswordHasher(AccountConfig.HashCost cost, int maxPending, Executor executor, ExecutorService ownPool) {
        if (maxPending <= 0) {
            throw new IllegalArgumentException("maxPending must be positive");
        }
        this.cost = cost;
        this.executor = executor;
        this.ownPool = ownPool;
        this.slots = new Semaphore(maxPending);
        this.standIn = encode(cost, randomSalt(), new byte[HASH_BYTES]);
    }

    /** Too many hashes are running or waiting: try again later. */
    public static final class Busy extends RuntimeException {
        Busy() {
            super("password hashing is at its bound", null, false, false);
        }
    }

    /** The PHC string of a new hash of {@code password} with a new salt, computed on the hasher's threads. */
    public CompletableFuture<String> hash(String password) {
        return submit(() -> {
            byte[] salt = randomSalt();
            return encode(cost, salt, argon2(password, salt, cost));
        });
    }

    /**
     * Whether {@code password} matches the stored PHC string, computed on the hasher's threads. With a null or
     * malformed {@code encoded} the same work is done against a stand-in and the answer is false, so that no
     * reply and no timing tells an account without a password (or no account) from a wrong password.
     */
    public CompletableFuture<Boolean> verify(String password, String encoded) {
        return submit(() -> matches(password, encoded));
    }

    /** Whether a stored hash was made with other parameters than the current ones (worth re-hashing). */
    public boolean outdated(String encoded) {
        Matcher m = PHC.matcher(encoded);
        return !m.matches() || !cost.equals(costOf(m));
    }

    boolean matches(String password, String encoded) {
        Matcher m = encoded == null ? null : PHC.matcher(encoded);
        boolean parsed = m != null && m.matches();
        Matcher used = parsed ? m : PHC.matcher(standIn);
        used.matches();
        byte[] salt = Base64.getDecoder().decode(used.group(4));
        byte[] expected = Base64.getDecoder().decode(used.group(5));
        byte[] actual = argon2(password, salt, costOf(used));
        return MessageDigest.isEqual(actual, expected) && parsed;
    }

    private <T> CompletableFuture<T> submit(Supplier<T> work) {
        if (!slots.tryAcquire()) {
            return CompletableFuture.failedFuture(new Busy());
        }
        try {
            return CompletableFuture.supplyAsync(work, executor).whenComplete((r, e) -> slots.release());
        } catch (RuntimeException e) {
            slots.release();
            return CompletableFuture.failedFuture(e);
        }
    }

    private static AccountConfig.HashCost costOf(Matcher m) {
        return new AccountConfig.HashCost(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)));
    }

    /** Argon2id, version 0x13, over the UTF-8 bytes of the password. */
    static byte[] argon2(String password, byte[] salt, AccountConfig.HashCost cost) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(cost.memoryKib())
                .withIterations(cost.iterations())
                .withParallelism(cost.parallelism())
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[HASH_BYTES];
        try {
            generator.generateBytes(secret, out);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        return out;
    }

    static String encode(AccountConfig.HashCost cost, byte[] salt, byte[] hash) {
        return "$argon2id$v=19$m=" + cost.memoryKib() + ",t=" + cost.iterations() + ",p=" + cost.parallelism()
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    private static byte[] randomSalt() {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return salt;
    }

    private static ExecutorService pool(int threads) {
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be positive");
        }
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "parley-chat-password-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void close() {
        if (ownPool != null) {
            ownPool.shutdownNow();
        }
    }
}
