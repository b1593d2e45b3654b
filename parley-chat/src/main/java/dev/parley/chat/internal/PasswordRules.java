package dev.parley.chat.internal;

import dev.parley.chat.AccountConfig;
import java.text.Normalizer;

/**
 * What a password is (docs/chat.md, "Accounts"): NFKC, so that the same password typed on two keyboards (composed
 * or not) is the same (NIST SP 800-63B §5.1.1.2), counted in characters (code points); a new one has
 * {@code minPasswordLength} to {@code maxPasswordLength}, a presented one at most {@code maxPasswordLength} (which
 * bounds the work of a hash; raising the minimum never locks anyone out). Plain Java, thread-safe.
 */
final class PasswordRules {
    private final int min;
    private final int max;

    PasswordRules(AccountConfig config) {
        this.min = config.minPasswordLength();
        this.max = config.maxPasswordLength();
    }

    /** The password as compared and hashed, or null if the value is not a string. */
    static String normalize(Object value) {
        return value instanceof String s ? Normalizer.normalize(s, Normalizer.Form.NFKC) : null;
    }

    /** Whether a presented (normalised) password is too long to be worth a hash. */
    boolean tooLongToCheck(String password) {
        return length(password) > max;
    }

    /** Why a new (normalised) password is refused, or null. */
    String problem(String password) {
        int length = length(password);
        if (length < min) {
            return "A password has at least " + min + " characters";
        }
        return length > max ? tooLong() : null;
    }

    String tooLong() {
        return "A password has at most " + max + " characters";
    }

    private static int length(String password) {
        return password.codePointCount(0, password.length());
    }
}
