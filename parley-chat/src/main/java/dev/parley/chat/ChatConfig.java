package dev.parley.chat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * @param allowedOrigins browser origins allowed to connect to the chat's Socket.IO endpoint besides the chat's
 *     own (the scheme, host and port the request came to); {@code "*"} allows any. Requests without an
 *     {@code Origin} header (not browsers) are always allowed. Default: empty (same origin only).
 * @param authFailureLimit failed secret checks (session tokens, the push token) one client address may make
 *     per {@code authFailureWindow}; past it every attempt, right or wrong, is refused until the window ends.
 *     Default {@value #DEFAULT_AUTH_FAILURE_LIMIT}.
 * @param authFailureWindow the window of {@code authFailureLimit}. Default 1 minute.
 * @param authThrottleAddresses how many client addresses the failure table remembers at most (the least
 *     recently seen is forgotten first), so that it stays bounded whatever the number of attackers; the
 *     registration table has the same bound. Default {@value #DEFAULT_AUTH_THROTTLE_ADDRESSES}.
 * @param registrationLimit registrations (connections with a nickname and no token) one client address may
 *     attempt per {@code registrationWindow}; past it they are refused until the window ends. Default
 *     {@value #DEFAULT_REGISTRATION_LIMIT}.
 * @param registrationWindow the window of {@code registrationLimit}. Default 10 minutes.
 * @param maxRooms rooms the server keeps at most; joining a new room past it is refused ({@code too_many_rooms}).
 *     Default {@value #DEFAULT_MAX_ROOMS}.
 * @param roomActionLimit {@code room:join} and {@code room:leave} requests a user may make per
 *     {@code roomActionWindow} (all their tabs together); past it {@code rate_limited}. Default
 *     {@value #DEFAULT_ROOM_ACTION_LIMIT}.
 * @param roomActionWindow the window of {@code roomActionLimit}. Default 10 s.
 * @param typingLimit {@code typing} events a user may send per {@code typingWindow}; past it they are dropped
 *     (typing is volatile and has no ack). Default {@value #DEFAULT_TYPING_LIMIT}.
 * @param typingWindow the window of {@code typingLimit}. Default 10 s.
 * @param roomExpiry how long a room other than {@code general} that nobody wrote in and nobody is in lives
 *     after its creation (or after a join that found it older than half this); then it is deleted (a room with a
 *     message stays). Default 10 minutes.
 * @param uploadRetention how long uploaded files are kept; then their bytes and metadata are deleted (the
 *     messages stay, without the file). Zero keeps them for good: the default.
 * @param uploadQuota bytes of files one user may have uploaded in total; an upload past it gets 413
 *     {@code quota_exceeded}. Default {@value #DEFAULT_UPLOAD_QUOTA} (500 MiB).
 * @param listPageSize names per answer of {@code presence:list} and {@code rooms:list} (the lists are sent a page
 *     at a time, on request; changes go to everyone as they happen). Default {@value #DEFAULT_LIST_PAGE_SIZE}.
 * @param leaveGrace how long a user's closed tab still counts as there: a tab that opens within it (a reload)
 *     is not announced as a leave and a join. Zero announces at once. Default 5 s.
 * @param maxMentions distinct {@code @names} one room message may contain; more: refused {@code too_many_mentions}.
 *     Default {@value #DEFAULT_MAX_MENTIONS}.
 * @param accounts passwords, signing in on another device and whether guests are allowed. Default
 *     {@link AccountConfig#defaults()} (guests allowed).
 * @param admins the moderators' nicknames: they may delete any room message and remove someone from a room.
 *     Name password-protected nicknames (whoever holds a nickname is its moderator). Default: none.
 * @param search the bounds of message search. Default {@link ChatSearchConfig#DEFAULTS}.
 * @param reads the budget of each user's read requests (history, lists, search...). Default
 *     {@link ChatReadConfig#DEFAULTS} (bursts of 200, 20 a second).
 * @param receipts the budget of each user's receipts ({@code message:delivered}, {@code message:read}). Default
 *     {@link ChatReceiptConfig#DEFAULTS} (bursts of 1,000, 100 a second).
 * @param maxPageBytes the most bytes the messages of one {@code sync} or {@code changes} page encode to (JSON,
 *     UTF-8), besides their number ({@link #SYNC_PAGE}): a page past it is cut, with {@code hasMore} and its cursor,
 *     and the client asks on (the first message of a page always goes). Default {@value #DEFAULT_MAX_PAGE_BYTES}.
 */
public record ChatConfig(Path dataDir, String databaseUrl, String databaseUser, String databasePassword,
        int maxMessageLength, long maxUploadSize, int rateLimitMessages, Duration rateLimitWindow, int maxRoomsPerUser,
        String pushToken, List<String> allowedOrigins, int authFailureLimit, Duration authFailureWindow,
        int authThrottleAddresses, int registrationLimit, Duration registrationWindow, int maxRooms,
        int roomActionLimit, Duration roomActionWindow, int typingLimit, Duration typingWindow, long uploadQuota,
        Duration roomExpiry, Duration uploadRetention, int listPageSize, Duration leaveGrace, int maxMentions,
        AccountConfig accounts, List<String> admins, ChatSearchConfig search, ChatReadConfig reads,
        ChatReceiptConfig receipts, int maxPageBytes) {

    public static final int DEFAULT_MAX_MESSAGE_LENGTH = 4000;
    public static final long DEFAULT_MAX_UPLOAD_SIZE = 25L * 1024 * 1024;
    public static final int HISTORY_PAGE = 50;
    /** Messages per {@code sync} answer, oldest first: a client asks again after the last one for more. */
    public static final int SYNC_PAGE = 500;
    /**
     * 1 MiB of messages a page: a quarter of the 4 MiB a connection may have queued before it is closed as a slow
     * consumer ({@code --max-buffered-amount}), so that a page and the live messages around it fit; 21 of the
     * longest messages (4,000 characters outside the BMP, each written as two {@code \\u} escapes: 48 KB), all 500
     * of messages up to 2 KB.
     */
    public static final int DEFAULT_MAX_PAGE_BYTES = 1024 * 1024;
    /** Failed secret checks per client address and window: 10 (a person mistyping never gets near it). */
    public static final int DEFAULT_AUTH_FAILURE_LIMIT = 10;
    /** The failure window: 1 minute, so 10 guesses a minute per address at most. */
    public static final Duration DEFAULT_AUTH_FAILURE_WINDOW = Duration.ofMinutes(1);
    /** Addresses the failure table keeps: 10,000 (about 1.2 MB of heap at most, 119 bytes each). */
    public static final int DEFAULT_AUTH_THROTTLE_ADDRESSES = 10_000;
    /**
     * Registrations per client address and window: 20, so that a classroom or an office behind one address can
     * join at once, while one address creates at most 2,880 users a day.
     */
    public static final int DEFAULT_REGISTRATION_LIMIT = 20;
    /** The registration window: 10 minutes. */
    public static final Duration DEFAULT_REGISTRATION_WINDOW = Duration.ofMinutes(10);
    /** Rooms per server: 1,000 (each is in every room list, so the list stays a few tens of kilobytes). */
    public static final int DEFAULT_MAX_ROOMS = 1000;
    /**
     * Joins and leaves per user and window: 30, so that a page rejoining its 20 rooms after a reload passes,
     * while one user changes rooms 3 times a second at most (each change is sent to everyone).
     */
    public static final int DEFAULT_ROOM_ACTION_LIMIT = 30;
    /** The window of room joins and leaves: 10 s. */
    public static final Duration DEFAULT_ROOM_ACTION_WINDOW = Duration.ofSeconds(10);
    /** Typing events per user and window: 10 (the web UI sends one every 2 s at most while typing). */
    public static final int DEFAULT_TYPING_LIMIT = 10;
    /** The window of typing events: 10 s. */
    public static final Duration DEFAULT_TYPING_WINDOW = Duration.ofSeconds(10);
    /**
     * Expiry of rooms never written in: 10 minutes, so that rooms made by the hundred free the
     * {@code maxRooms} cap soon, while a room someone made to meet in is there when the others come.
     */
    public static final Duration DEFAULT_ROOM_EXPIRY = Duration.ofMinutes(10);
    /** Upload quota per user: 500 MiB, twenty files of the largest size. */
    public static final long DEFAULT_UPLOAD_QUOTA = 500L * 1024 * 1024;
    /** Names per page of the online list and the room list: 500 (about 10 KB of JSON). */
    public static final int DEFAULT_LIST_PAGE_SIZE = 500;
    /** A reload within 5 s is not a leave and a join (a page reloads in well under a second on a good network). */
    public static final Duration DEFAULT_LEAVE_GRACE = Duration.ofSeconds(5);
    /** {@code @names} per room message: 20, a team's worth; each is looked up when the message is sent. */
    public static final int DEFAULT_MAX_MENTIONS = 20;

    public ChatConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        if (maxMessageLength <= 0 || maxUploadSize <= 0 || rateLimitMessages <= 0 || maxRoomsPerUser <= 0
                || authFailureLimit <= 0 || authThrottleAddresses <= 0 || registrationLimit <= 0 || maxRooms <= 0
                || roomActionLimit <= 0 || typingLimit <= 0 || uploadQuota <= 0 || listPageSize <= 0 || maxMentions <= 0) {
            throw new IllegalArgumentException("chat limits must be positive");
        }
        if (authFailureWindow == null || authFailureWindow.isNegative() || authFailureWindow.isZero()) {
            throw new IllegalArgumentException("authFailureWindow must be positive");
        }
        if (registrationWindow == null || registrationWindow.isNegative() || registrationWindow.isZero()) {
            throw new IllegalArgumentException("registrationWindow must be positive");
        }
        for (Duration window : List.of(rateLimitWindow, roomActionWindow, typingWindow, roomExpiry)) {
            if (window == null || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("rate limit windows must be positive");
            }
        }
        if (leaveGrace == null || leaveGrace.isNegative()) {
            throw new IllegalArgumentException("leaveGrace must be zero (at once) or positive");
        }
        if (uploadRetention == null || uploadRetention.isNegative()) {
            throw new IllegalArgumentException("uploadRetention must be zero (keep) or positive");
        }
        allowedOrigins = List.copyOf(allowedOrigins);
        Objects.requireNonNull(accounts, "accounts");
        admins = List.copyOf(admins);
        Objects.requireNonNull(search, "search");
        Objects.requireNonNull(reads, "reads");
        Objects.requireNonNull(receipts, "receipts");
        if (maxPageBytes <= 0) {
            throw new IllegalArgumentException("maxPageBytes must be positive");
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
        private List<String> allowedOrigins = List.of();
        private int authFailureLimit = DEFAULT_AUTH_FAILURE_LIMIT;
        private Duration authFailureWindow = DEFAULT_AUTH_FAILURE_WINDOW;
        private int authThrottleAddresses = DEFAULT_AUTH_THROTTLE_ADDRESSES;
        private int registrationLimit = DEFAULT_REGISTRATION_LIMIT;
        private Duration registrationWindow = DEFAULT_REGISTRATION_WINDOW;
        private int maxRooms = DEFAULT_MAX_ROOMS;
        private int roomActionLimit = DEFAULT_ROOM_ACTION_LIMIT;
        private Duration roomActionWindow = DEFAULT_ROOM_ACTION_WINDOW;
        private int typingLimit = DEFAULT_TYPING_LIMIT;
        private Duration typingWindow = DEFAULT_TYPING_WINDOW;
        private long uploadQuota = DEFAULT_UPLOAD_QUOTA;
        private Duration roomExpiry = DEFAULT_ROOM_EXPIRY;
        private Duration uploadRetention = Duration.ZERO;
        private int listPageSize = DEFAULT_LIST_PAGE_SIZE;
        private Duration leaveGrace = DEFAULT_LEAVE_GRACE;
        private int maxMentions = DEFAULT_MAX_MENTIONS;
        private AccountConfig accounts = AccountConfig.defaults();
        private List<String> admins = List.of();
        private ChatSearchConfig search = ChatSearchConfig.DEFAULTS;
        private ChatReadConfig reads = ChatReadConfig.DEFAULTS;
        private ChatReceiptConfig receipts = ChatReceiptConfig.DEFAULTS;
        private int maxPageBytes = DEFAULT_MAX_PAGE_BYTES;

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

        /** Origins allowed besides the chat's own, e.g. {@code https://chat.example.com}; {@code "*"} for any. */
        public Builder allowedOrigins(List<String> origins) {
            this.allowedOrigins = origins;
            return this;
        }

        /** The throttle of failed secret checks: {@code failures} per {@code window} per client address. */
        public Builder authThrottle(int failures, Duration window, int maxAddresses) {
            this.authFailureLimit = failures;
            this.authFailureWindow = window;
            this.authThrottleAddresses = maxAddresses;
            return this;
        }

        /** The limit on registrations: {@code registrations} per {@code window} per client address. */
        public Builder registrationLimit(int registrations, Duration window) {
            this.registrationLimit = registrations;
            this.registrationWindow = window;
            return this;
        }

        /** Rooms the server keeps at most. */
        public Builder maxRooms(int rooms) {
            this.maxRooms = rooms;
            return this;
        }

        /** Room joins and leaves: {@code actions} per {@code window} per user. */
        public Builder roomActionLimit(int actions, Duration window) {
            this.roomActionLimit = actions;
            this.roomActionWindow = window;
            return this;
        }

        /** Typing events: {@code events} per {@code window} per user. */
        public Builder typingLimit(int events, Duration window) {
            this.typingLimit = events;
            this.typingWindow = window;
            return this;
        }

        /** Bytes of files one user may have uploaded in total. */
        public Builder uploadQuota(long bytes) {
            this.uploadQuota = bytes;
            return this;
        }

        /** How long a room nobody wrote in and nobody is in lives. */
        public Builder roomExpiry(Duration expiry) {
            this.roomExpiry = expiry;
            return this;
        }

        /** How long uploaded files are kept; zero (the default) for good. */
        public Builder uploadRetention(Duration retention) {
            this.uploadRetention = retention;
            return this;
        }

        /** Names per page of {@code presence:list} and {@code rooms:list}. */
        public Builder listPageSize(int names) {
            this.listPageSize = names;
            return this;
        }

        /** How long a closed tab still counts as there (a reload within it is not a leave and a join). */
        public Builder leaveGrace(Duration grace) {
            this.leaveGrace = grace;
            return this;
        }

        /** The bounds of message search. */
        public Builder search(ChatSearchConfig limits) {
            this.search = limits;
            return this;
        }

        public ChatConfig build() {
            return new ChatConfig(dataDir, databaseUrl, databaseUser, databasePassword, maxMessageLength, maxUploadSize,
                    rateLimitMessages, rateLimitWindow, maxRoomsPerUser, pushToken, allowedOrigins, authFailureLimit,
                    authFailureWindow, authThrottleAddresses, registrationLimit, registrationWindow, maxRooms,
                    roomActionLimit, roomActionWindow, typingLimit, typingWindow, uploadQuota,
                    roomExpiry, uploadRetention, listPageSize, leaveGrace, maxMentions, accounts, admins,
                    search, reads, receipts, maxPageBytes);
        }

        /** The most bytes of messages in one {@code sync} or {@code changes} page. */
        public Builder maxPageBytes(int bytes) {
            this.maxPageBytes = bytes;
            return this;
        }

        /** The budget of each user's receipts. */
        public Builder receipts(ChatReceiptConfig budget) {
            this.receipts = budget;
            return this;
        }

        /** The budget of each user's read requests. */
        public Builder reads(ChatReadConfig budget) {
            this.reads = budget;
            return this;
        }

        /** Distinct {@code @names} per room message. */
        public Builder maxMentions(int names) {
            this.maxMentions = names;
            return this;
        }

        /** Passwords, signing in on another device, and whether guests are allowed. */
        public Builder accounts(AccountConfig accounts) {
            this.accounts = accounts;
            return this;
        }

        /** The moderators' nicknames (password-protected ones: see docs/chat.md, "Moderators"). */
        public Builder admins(List<String> nicknames) {
            this.admins = nicknames;
            return this;
        }
    }
}
