package dev.parley.adminui;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How the admin namespace lets the UI in: {@link #none()} (anyone who can reach it), or {@link #basic} (the
 * user name and password the UI's connection form sends, checked against a bcrypt hash).
 */
public sealed interface AdminUiAuth {
    /** A bcrypt hash as {@code htpasswd -B}, bcryptjs and most libraries write it ({@code $2a$}, {@code $2b$}, {@code $2y$}). */
    Pattern BCRYPT_HASH = Pattern.compile("\\$2[aby]\\$(0[4-9]|[12]\\d|3[01])\\$[./A-Za-z0-9]{53}");

    /** No authentication: every client of the admin namespace may watch (and, unless read-only, act). */
    static AdminUiAuth none() {
        return None.INSTANCE;
    }

    /**
     * User name and bcrypt hash of the password. The plain password is never needed by the server.
     *
     * @throws IllegalArgumentException if the user name is empty or the hash is not a bcrypt hash
     */
    static AdminUiAuth basic(String username, String bcryptHash) {
        return new Basic(username, bcryptHash);
    }

    /** No authentication. */
    enum None implements AdminUiAuth {
        INSTANCE
    }

    /** A user name and the bcrypt hash of its password. */
    record Basic(String username, String bcryptHash) implements AdminUiAuth {
        public Basic {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(bcryptHash, "bcryptHash");
            if (username.isEmpty()) {
                throw new IllegalArgumentException("the admin UI user name must not be empty");
            }
            if (!BCRYPT_HASH.matcher(bcryptHash).matches()) {
                throw new IllegalArgumentException("the admin UI password must be given as a bcrypt hash "
                        + "($2a$, $2b$ or $2y$, cost 04-31, 60 characters), e.g. from `htpasswd -bnBC 12 \"\" PASSWORD`");
            }
        }

        @Override
        public String toString() {
            return "Basic[username=" + username + ", bcryptHash=(hidden)]";
        }
    }
}
