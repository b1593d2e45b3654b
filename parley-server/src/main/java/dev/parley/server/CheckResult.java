package dev.parley.server;

import java.util.Objects;

/**
 * The outcome of one readiness check ({@link Health#addCheck}): up, or down with a reason a person can act
 * on ("draining", "cannot reach the database: Connection refused").
 *
 * @param up whether the check passed
 * @param reason why it did not; null when up
 */
public record CheckResult(boolean up, String reason) {
    private static final CheckResult UP = new CheckResult(true, null);

    public CheckResult {
        if (!up) {
            Objects.requireNonNull(reason, "a failed check needs a reason");
        }
    }

    public static CheckResult ok() {
        return UP;
    }

    public static CheckResult down(String reason) {
        return new CheckResult(false, reason);
    }
}
