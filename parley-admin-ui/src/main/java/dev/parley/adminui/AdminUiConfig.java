package dev.parley.adminui;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the admin UI's server side, with the defaults of {@code @socket.io/admin-ui}'s
 * {@code instrument()} where it has one. Immutable; build with {@link #builder(AdminUiAuth)}: the
 * authentication must be chosen explicitly, as the Node package requires.
 *
 * @param auth             who may connect ({@link AdminUiAuth#none()} or {@link AdminUiAuth#basic})
 * @param readonly         the UI may watch but not join, leave, disconnect or emit (default false)
 * @param mode             {@link Mode#DEVELOPMENT} sends every socket, room and event to the UI;
 *                         {@link Mode#PRODUCTION} only server stats and aggregated counts (default development)
 * @param namespaceName    the admin namespace (default {@value #DEFAULT_NAMESPACE})
 * @param serverId         this server's name in the UI (default null: the host name)
 * @param statsInterval    how often {@code server_stats} is sent (default 2 s; the UI calls a server
 *                         unhealthy after 10 s without one)
 * @param sessionTtl       how long a session id the UI got after logging in stays valid (default 24 h)
 * @param maxSessions      sessions kept at most; the oldest is forgotten first (default 1000)
 * @param maxPendingLogins password checks queued at most (bcrypt runs on one thread); more are refused
 *                         at once (default 16)
 */
public record AdminUiConfig(AdminUiAuth auth, boolean readonly, Mode mode, String namespaceName, String serverId,
        Duration statsInterval, Duration sessionTtl, int maxSessions, int maxPendingLogins) {
    public static final String DEFAULT_NAMESPACE = "/admin";
    public static final Duration DEFAULT_STATS_INTERVAL = Duration.ofSeconds(2);
    public static final Duration DEFAULT_SESSION_TTL = Duration.ofHours(24);
    public static final int DEFAULT_MAX_SESSIONS = 1000;
    public static final int DEFAULT_MAX_PENDING_LOGINS = 16;

    /** What the UI is sent: everything, or only counts. */
    public enum Mode {
        DEVELOPMENT, PRODUCTION
    }

    public AdminUiConfig {
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(namespaceName, "namespaceName");
        if (!namespaceName.startsWith("/")) {
            throw new IllegalArgumentException("namespaceName must start with '/': " + namespaceName);
        }
        positive(statsInterval, "statsInterval");
        positive(sessionTtl, "sessionTtl");
        if (maxSessions < 1 || maxPendingLogins < 1) {
            throw new IllegalArgumentException("maxSessions and maxPendingLogins must be at least 1");
        }
    }

    private static void positive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    public static Builder builder(AdminUiAuth auth) {
        return new Builder(auth);
    }

    /** Builds an {@link AdminUiConfig}; every setting starts at its default. */
    public static final class Builder {
        private final AdminUiAuth auth;
        private boolean readonly;
        private Mode mode = Mode.DEVELOPMENT;
        private String namespaceName = DEFAULT_NAMESPACE;
        private String serverId;
        private Duration statsInterval = DEFAULT_STATS_INTERVAL;
        private Duration sessionTtl = DEFAULT_SESSION_TTL;
        private int maxSessions = DEFAULT_MAX_SESSIONS;
        private int maxPendingLogins = DEFAULT_MAX_PENDING_LOGINS;

        private Builder(AdminUiAuth auth) {
            this.auth = auth;
        }

        public Builder readonly(boolean value) {
            readonly = value;
            return this;
        }

        public Builder mode(Mode value) {
            mode = value;
            return this;
        }

        public Builder namespaceName(String value) {
            namespaceName = value;
            return this;
        }

        public Builder serverId(String value) {
            serverId = value;
            return this;
        }

        public Builder statsInterval(Duration value) {
            statsInterval = value;
            return this;
        }

        public Builder sessionTtl(Duration value) {
            sessionTtl = value;
            return this;
        }

        public Builder maxSessions(int value) {
            maxSessions = value;
            return this;
        }

        public Builder maxPendingLogins(int value) {
            maxPendingLogins = value;
            return this;
        }

        public AdminUiConfig build() {
            return new AdminUiConfig(auth, readonly, mode, namespaceName, serverId, statsInterval, sessionTtl,
                    maxSessions, maxPendingLogins);
        }
    }
}
