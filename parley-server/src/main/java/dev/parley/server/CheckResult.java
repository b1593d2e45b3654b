package dev.parley.server;

import java.util.Objects;

/**
 * The outcome of one readiness check ({@link Health#addCheck}): up, or down with a reason a person can act
 * on ("draining", "cannot reach the database: Connection refused"), or {@link #degraded}: up (the server stays
 * ready) with a detail worth showing ("1 of 3 feeds failing: ...").
 *
 * @param up whether the check passed
 * @param reason why it did not; when up, null or the detail of a degraded check
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

    /**
     * Up, with something wrong that must not take the server out of rotation (an optional dependency failing);
     * {@code /readyz} shows the check as {@code "degraded"} with {@code detail} and still answers 200.
     */
    public static CheckResult degraded(String detail) {
        return new CheckResult(true, Objects.requireNonNull(detail, "a degraded check needs a detail"));
    }

    /** Up with a detail: see {@link #degraded}. */
    public boolean degraded() {
        return up && reason != null;
    }
}
