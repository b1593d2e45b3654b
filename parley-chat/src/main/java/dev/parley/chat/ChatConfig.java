package dev.parley.chat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Options of Parley Chat. Immutable; build with {@link #builder()}.
 *
 * @param dataDir where the SQLite database and uploaded files live. Default {@code ./data}.
 * @param databaseUrl a JDBC URL ({@code jdbc:postgresql://...}), or null for SQLite in {@code dataDir}
 * @param databaseUser user for {@code databaseUrl}, or null
 * @param databasePassword password for {@code databaseUrl}, or null
 * @param maxMessageLength longest message text, in characters. Default 4,000.
 * @param maxUploadSize largest uploaded file, in bytes. Default 25 MiB.
 * @param rateLimitMessages messages a user may send per {@code rateLimitWindow}. Default 20.
 * @param rateLimitWindow the rate limit's window. Default 10 s.
 * @param maxRoomsPerUser rooms a user may be in at once. Default 20.
 * @param pushToken the bearer token of the announcement endpoint, or null to disable it (default)
 */
public record ChatConfig(Path dataDir, String databaseUrl, String databaseUser, String databasePassword,
        int maxMessageLength, long maxUploadSize, int rateLimitMessages, Duration rateLimitWindow, int maxRoomsPerUser,
        String pushToken) {

    public static final int DEFAULT_MAX_MESSAGE_LENGTH = 4000;
    public static final long DEFAULT_MAX_UPLOAD_SIZE = 25L * 1024 * 1024;
    public static final int HISTORY_PAGE = 50;

    public ChatConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        if (maxMessageLength <= 0 || maxUploadSize <= 0 || rateLimitMessages <= 0 || maxRoomsPerUser <= 0) {
            throw new IllegalArgumentException("chat limits must be positive");
        }
    }

    /** The JDBC URL to use: the configured one, or SQLite under the data directory. */
    public String jdbcUrl() {
        return databaseUrl != null ? databaseUrl : "jdbc:sqlite:" + dataDir.resolve("parley-chat.db").toAbsolutePath();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link ChatConfig}. */
    public static final class Builder {
        private Path dataDir = Path.of("data");
        private String databaseUrl;
        private String databaseUser;
        private String databasePassword;
        private int maxMessageLength = DEFAULT_MAX_MESSAGE_LENGTH;
        private long maxUploadSize = DEFAULT_MAX_UPLOAD_SIZE;
        private int rateLimitMessages = 20;
        private Duration rateLimitWindow = Duration.ofSeconds(10);
        private int maxRoomsPerUser = 20;
        private String pushToken;

        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        public Builder database(String url, String user, String password) {
            this.databaseUrl = url;
            this.databaseUser = user;
            this.databasePassword = password;
            return this;
        }

        public Builder maxMessageLength(int chars) {
            this.maxMessageLength = chars;
            return this;
        }

        public Builder maxUploadSize(long bytes) {
            this.maxUploadSize = bytes;
            return this;
        }

        public Builder rateLimit(int messages, Duration window) {
            this.rateLimitMessages = messages;
            this.rateLimitWindow = window;
            return this;
        }

        public Builder maxRoomsPerUser(int rooms) {
            this.maxRoomsPerUser = rooms;
            return this;
        }

        public Builder pushToken(String token) {
            this.pushToken = token;
            return this;
        }

        public ChatConfig build() {
            return new ChatConfig(dataDir, databaseUrl, databaseUser, databasePassword, maxMessageLength, maxUploadSize,
                    rateLimitMessages, rateLimitWindow, maxRoomsPerUser, pushToken);
        }
    }
}
