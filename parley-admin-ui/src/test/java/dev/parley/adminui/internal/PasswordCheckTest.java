package dev.parley.adminui.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.adminui.internal.PasswordCheck.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PasswordCheckTest {
    /** bcrypt of "secret" at cost 4, as bcryptjs (the Node package's library) wrote it. */
    private static final String HASH = "$2a$04$aX2EBuDOBe3dOHKB7ygYSu5ojeEayI2KO5NCiPog2uaayCIuoUSY.";

    private static Outcome check(PasswordCheck check, Object user, Object password) throws Exception {
        return check.check(user, password).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void onlyTheRightUserWithTheRightPasswordIsAccepted() throws Exception {
        try (PasswordCheck check = new PasswordCheck("admin", HASH, 4)) {
            assertThat(check(check, "admin", "secret")).isEqualTo(Outcome.ACCEPTED);
            assertThat(check(check, "admin", "secreT")).isEqualTo(Outcome.REFUSED);
            assertThat(check(check, "Admin", "secret")).isEqualTo(Outcome.REFUSED);
            assertThat(check(check, "admin", "")).isEqualTo(Outcome.REFUSED);
            assertThat(check(check, null, "secret")).isEqualTo(Outcome.REFUSED);
            assertThat(check(check, "admin", 42)).isEqualTo(Outcome.REFUSED);
            assertThat(check(check, "admin", "s".repeat(PasswordCheck.MAX_INPUT_LENGTH + 1))).isEqualTo(Outcome.REFUSED);
        }
    }

    @Test
    void the2bAnd2yPrefixesOfOtherToolsAreAccepted() throws Exception {
        for (String prefix : List.of("$2b$", "$2y$")) {
            try (PasswordCheck check = new PasswordCheck("admin", HASH.replace("$2a$", prefix), 4)) {
                assertThat(check(check, "admin", "secret")).as(prefix).isEqualTo(Outcome.ACCEPTED);
            }
        }
    }

    @Test
    void checksPastTheQueueBoundAreRefusedAtOnce() throws Exception {
        // Cost 12 keeps the one bcrypt thread busy while the queue fills.
        String slow = at.favre.lib.crypto.bcrypt.BCrypt.withDefaults().hashToString(12, "secret".toCharArray());
        try (PasswordCheck check = new PasswordCheck("admin", slow, 2)) {
            List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                outcomes.add(check.check("admin", "wrong").toCompletableFuture());
            }
            // One running, two queued: the other three are refused without waiting.
            assertThat(outcomes.subList(3, 6)).allMatch(o -> o.getNow(null) == Outcome.BUSY);
            for (CompletableFuture<Outcome> outcome : outcomes.subList(0, 3)) {
                assertThat(outcome.get(30, TimeUnit.SECONDS)).isEqualTo(Outcome.REFUSED);
            }
        }
    }
}
