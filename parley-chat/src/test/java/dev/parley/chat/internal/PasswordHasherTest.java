package dev.parley.chat.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.chat.AccountConfig.HashCost;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Argon2id hashes in PHC strings, checked against the reference implementation, and the bound on hashing. */
class PasswordHasherTest {
    /**
     * From the reference implementation (the {@code argon2} command of the P-H-C/phc-winner-argon2 repository,
     * Debian package {@code argon2} 0~20171227): {@code echo -n "correct horse battery staple" | argon2
     * parley-salt-0001 -id -t 2 -k 19456 -p 1 -l 32 -e}, at the chat's default cost.
     */
    private static final String REFERENCE_DEFAULT_COST =
            "$argon2id$v=19$m=19456,t=2,p=1$cGFybGV5LXNhbHQtMDAwMQ$vidtbl+G1NoQdG8oV0S5QjUVDCp2evAm1qHHk9M3kAo";
    /** {@code echo -n "pässwörd ünicode" | argon2 parley-salt-0002 -id -t 3 -k 1024 -p 2 -l 32 -e} (UTF-8 input). */
    private static final String REFERENCE_OTHER_COST =
            "$argon2id$v=19$m=1024,t=3,p=2$cGFybGV5LXNhbHQtMDAwMg$pbB7V3V3iuUjjPwVqE/KN3jjy+JYnHehuTEJcWDNE3E";
    private static final HashCost CHEAP = new HashCost(64, 1, 1);

    @Test
    void hashesOfTheReferenceImplementationVerifyWithTheirOwnCost() {
        try (PasswordHasher hasher = new PasswordHasher(HashCost.DEFAULT, 1, 4)) {
            assertThat(hasher.matches("correct horse battery staple", REFERENCE_DEFAULT_COST)).isTrue();
            assertThat(hasher.matches("correct horse battery stapl", REFERENCE_DEFAULT_COST)).isFalse();
            assertThat(hasher.matches("pässwörd ünicode", REFERENCE_OTHER_COST)).isTrue();
            assertThat(hasher.matches("passwörd ünicode", REFERENCE_OTHER_COST)).isFalse();
            assertThat(hasher.outdated(REFERENCE_DEFAULT_COST)).isFalse();
            assertThat(hasher.outdated(REFERENCE_OTHER_COST)).isTrue();
        }
    }

    @Test
    void theSameBytesAsTheReferenceForTheSameSalt() {
        byte[] salt = "parley-salt-0001".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        String ours = PasswordHasher.encode(HashCost.DEFAULT, salt,
                PasswordHasher.argon2("correct horse battery staple", salt, HashCost.DEFAULT));
        assertThat(ours).isEqualTo(REFERENCE_DEFAULT_COST);
    }

    @Test
    void aNewHashCarriesItsCostAndARandomSaltAndVerifiesOnlyItsPassword() throws Exception {
        try (PasswordHasher hasher = new PasswordHasher(CHEAP, 1, 4)) {
            String first = hasher.hash("a long enough password").get(30, TimeUnit.SECONDS);
            String second = hasher.hash("a long enough password").get(30, TimeUnit.SECONDS);
            assertThat(first).startsWith("$argon2id$v=19$m=64,t=1,p=1$").isNotEqualTo(second);
            assertThat(hasher.verify("a long enough password", first).get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(hasher.verify("a long enough passwore", first).get(30, TimeUnit.SECONDS)).isFalse();
        }
    }

    @Test
    void noStoredHashOrAMalformedOneNeverMatches() throws Exception {
        try (PasswordHasher hasher = new PasswordHasher(CHEAP, 1, 4)) {
            assertThat(hasher.verify("", null).get(30, TimeUnit.SECONDS)).isFalse();
            assertThat(hasher.verify("anything at all", null).get(30, TimeUnit.SECONDS)).isFalse();
            assertThat(hasher.verify("anything at all", "$argon2i$v=19$m=64,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAA")
                    .get(30, TimeUnit.SECONDS)).isFalse();
            assertThat(hasher.verify("x", "plain text").get(30, TimeUnit.SECONDS)).isFalse();
        }
    }

    @Test
    void hashingRunsOnTheHashersOwnThreads() throws Exception {
        // The work waits at a gate until the caller has attached its next step, so that step runs where the hash
        // completes: on the hasher's thread (attached after completion, it would run on the caller's, "main").
        java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor(
                r -> new Thread(r, "hasher-under-test"));
        Executor gated = work -> pool.execute(() -> {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            work.run();
        });
        try {
            PasswordHasher hasher = new PasswordHasher(CHEAP, 4, gated);
            CompletableFuture<String> thread = hasher.hash("a long enough password")
                    .thenApply(h -> Thread.currentThread().getName());
            gate.countDown();
            assertThat(thread.get(30, TimeUnit.SECONDS)).isEqualTo("hasher-under-test");
        } finally {
            pool.shutdownNow();
        }
        // The public constructor's pool names its threads for thread dumps.
        try (PasswordHasher hasher = new PasswordHasher(CHEAP, 1, 4)) {
            hasher.hash("a long enough password").get(30, TimeUnit.SECONDS);
            assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().startsWith("parley-chat-password-"));
        }
    }

    @Test
    void pastItsBoundARequestIsRefusedAtOnceAndASlotFreesWhenAHashEnds() throws Exception {
        List<Runnable> held = new ArrayList<>();
        Executor holding = held::add;
        try (PasswordHasher hasher = new PasswordHasher(CHEAP, 2, holding)) {
            CompletableFuture<String> one = hasher.hash("first password");
            CompletableFuture<Boolean> two = hasher.verify("second password", null);
            CompletableFuture<String> three = hasher.hash("third password");
            assertThat(three).isCompletedExceptionally();
            assertThat(catchCause(three)).isInstanceOf(PasswordHasher.Busy.class);
            assertThat(held).hasSize(2);

            held.remove(0).run();
            assertThat(one).isCompleted();
            CompletableFuture<String> four = hasher.hash("fourth password");
            assertThat(four).isNotCompleted();
            assertThat(held).hasSize(2);
            held.forEach(Runnable::run);
            assertThat(two.get()).isFalse();
            assertThat(four.get()).startsWith("$argon2id$");
        }
    }

    private static Throwable catchCause(CompletableFuture<?> future) {
        try {
            future.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause();
        }
    }
}
