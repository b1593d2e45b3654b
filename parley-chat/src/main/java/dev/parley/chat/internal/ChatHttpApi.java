package dev.parley.chat.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.chat.ChatConfig;
import dev.parley.chat.store.ChatStore;
import dev.parley.chat.store.FileMeta;
import dev.parley.server.HttpRequest;
import dev.parley.server.HttpRequestHead;
import dev.parley.server.HttpResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The chat's HTTP endpoints (docs/chat.md): file upload and download, the read API, and the announcement
 * push. Handlers run on the server's blocking executor.
 */
public final class ChatHttpApi {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ChatHttpApi.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private final ChatStore store;
    private final ChatConfig config;
    private final ChatEvents events;
    private final SessionTokens tokens;
    private final AnnounceAuth announceAuth;
    private final ObjectMapper json = new ObjectMapper();
    private final Path filesDir;

    public ChatHttpApi(ChatStore store, ChatConfig config, ChatEvents events, SessionTokens tokens,
            AnnounceAuth announceAuth) throws IOException {
        this.store = store;
        this.config = config;
        this.events = events;
        this.tokens = tokens;
        this.announceAuth = announceAuth;
        this.filesDir = Files.createDirectories(config.dataDir().resolve("files"));
    }

    /**
     * The head check of {@code /api/files}: a client without a valid {@code X-Chat-Token} gets 401 (429 when
     * throttled) before any byte of its file is read, and no {@code 100 Continue}. Blocks on the store.
     */
    public Optional<HttpResponse> uploadCheck(HttpRequestHead head) {
        SessionTokens.Check check = head.header("X-Chat-Token").map(t -> tokens.verify(t, head.remoteAddress()))
                .orElse(null);
        HttpResponse refused = uploadRefusal(check);
        if (refused == null) {
            // A declared length past the quota is refused before the body is read; a chunked body after it.
            long declared = head.header("Content-Length").map(ChatHttpApi::parseLong).orElse(0L);
            refused = overQuota(check.nickname(), Math.max(0, declared));
        }
        return Optional.ofNullable(refused);
    }

    /**
     * 413 {@code quota_exceeded} if {@code size} more bytes would take the user past their upload quota, else
     * null. Concurrent uploads of one user may pass it by what they upload at once (each is checked alone).
     */
    private HttpResponse overQuota(String user, long size) {
        long used = store.uploadedBytes(user);
        if (used + size <= config.uploadQuota()) {
            return null;
        }
        return error(413, "quota_exceeded", "Your uploads are limited to " + config.uploadQuota() + " bytes in total; "
                + used + " are used");
    }

    /** The head check of {@code /api/announce}: the push token (404, 401 or 429), before the body is read. */
    public Optional<HttpResponse> announceCheck(HttpRequestHead head) {
        return Optional.ofNullable(refuseAnnounce(head.header("Authorization"), head.remoteAddress()));
    }

    /** {@code POST /api/files}: the raw body, {@code X-Chat-Token} and {@code X-File-Name} headers. */
    public HttpResponse upload(HttpRequest request) throws IOException {
        if (!request.method().equals("POST")) {
            return error(405, "method_not_allowed", "POST a file");
        }
        SessionTokens.Check check = request.header("X-Chat-Token")
                .map(token -> tokens.verify(token, request.remoteAddress())).orElse(null);
        HttpResponse refused = uploadRefusal(check);
        if (refused != null) {
            return refused;
        }
        Optional<String> user = Optional.of(check.nickname());
        if (request.body().length == 0) {
            return error(400, "empty_file", "The file is empty");
        }
        HttpResponse over = overQuota(user.get(), request.body().length);
        if (over != null) {
            return over;
        }
        String name;
        try {
            name = safeName(request.header("X-File-Name").map(n -> URLDecoder.decode(n, StandardCharsets.UTF_8))
                    .orElse("file"));
        } catch (IllegalArgumentException e) {
            return error(400, "invalid_file_name", "X-File-Name must be percent-encoded UTF-8");
        }
        String id = HexFormat.of().formatHex(randomBytes());
        // The stored name is the random id: nothing of the client's name ever reaches the file system.
        Files.write(filesDir.resolve(id), request.body());
        FileMeta meta = new FileMeta(id, name, ContentSniffer.sniff(request.body()), request.body().length, user.get(),
                System.currentTimeMillis());
        store.saveFile(meta);
        return json(201, MessageViews.file(meta));
    }

    /** {@code GET /files/<id>}: images inline, everything else as a download; never sniffed by the browser. */
    public HttpResponse download(HttpRequest request) throws IOException {
        String id = request.path().substring("/files/".length());
        if (!id.matches("[0-9a-f]{32}")) {
            return error(404, "not_found", "No such file");
        }
        Optional<FileMeta> meta = store.file(id);
        Path path = filesDir.resolve(id);
        if (meta.isEmpty() || !Files.isRegularFile(path)) {
            return error(404, "not_found", "No such file");
        }
        FileMeta f = meta.get();
        String disposition = (f.isImage() ? "inline" : "attachment") + "; filename*=UTF-8''" + extValue(f.name());
        return HttpResponse.of(200, f.contentType(), Files.readAllBytes(path))
                .withHeader("X-Content-Type-Options", "nosniff")
                .withHeader("Content-Disposition", disposition)
                .withHeader("Content-Security-Policy", "sandbox; default-src 'none'; img-src 'self'")
                .withHeader("Cache-Control", "private, max-age=31536000, immutable");
    }

    /** {@code GET /api/rooms} and {@code GET /api/rooms/<room>/messages?before=&limit=}. */
    public HttpResponse read(HttpRequest request) {
        if (!request.method().equals("GET")) {
            return error(405, "method_not_allowed", "GET only");
        }
        String rest = request.path().substring("/api/rooms".length());
        if (rest.isEmpty() || rest.equals("/")) {
            return json(200, events.roomList());
        }
        String[] parts = rest.substring(1).split("/");
        String room = Nicknames.room(parts[0]);
        if (room == null || parts.length != 2 || !parts[1].equals("messages") || !store.roomExists(room)) {
            return error(404, "not_found", "No such room");
        }
        long before = parseLong(request.queryParam("before").orElse("0"));
        if (before < 0) {
            return error(400, "invalid_query", "before: a message id (a whole number, 0 or more)");
        }
        long requested = parseLong(request.queryParam("limit").orElse(Integer.toString(ChatConfig.HISTORY_PAGE)));
        if (requested < 1) {
            return error(400, "invalid_query", "limit: a whole number from 1 to " + ChatConfig.HISTORY_PAGE);
        }
        // A larger page is cut to the largest (documented): the cursor in the answer pages on.
        int limit = (int) Math.min(ChatConfig.HISTORY_PAGE, requested);
        var messages = store.roomHistory(room, before, limit);
        return json(200, Map.of("room", room, "messages", MessageViews.of(messages, store),
                "before", messages.isEmpty() ? 0 : messages.get(0).id()));
    }

    /** {@code POST /api/announce} with {@code Authorization: Bearer <push token>}: {@code {room?, text}}. */
    public HttpResponse announce(HttpRequest request) throws IOException {
        HttpResponse refused = refuseAnnounce(request.header("Authorization"), request.remoteAddress());
        if (refused != null) {
            return refused;
        }
        if (!request.method().equals("POST")) {
            return error(405, "method_not_allowed", "POST an announcement");
        }
        Map<?, ?> body;
        try {
            body = json.readValue(request.body(), Map.class);
        } catch (JsonProcessingException e) {
            return error(400, "invalid_json", "The body must be JSON: {\"room\": \"general\", \"text\": \"...\"}");
        }
        Payload p = new Payload(body);
        String text = p.string("text");
        if (text == null || text.isBlank() || text.length() > config.maxMessageLength()
                || ChatEvents.hasControlCharacters(text)) {
            return error(400, "invalid_text", "text: 1-" + config.maxMessageLength()
                    + " characters, no control characters but line breaks and tabs");
        }
        String room = p.string("room") == null ? null : Nicknames.room(p.string("room"));
        if (p.string("room") != null && room == null) {
            return error(400, "invalid_room", "No such room name");
        }
        Map<String, Object> view = events.announce(room, text.strip());
        // An announcement never creates a room: rooms are made by people joining them.
        return view == null ? error(404, "not_found", "No such room: #" + room) : json(201, view);
    }

    /**
     * The upload's token check from its {@code X-Chat-Token} header alone, so that it can run before the body
     * is read: the refusal (401, or 429 when the address is throttled), or null to go on.
     */
    public HttpResponse refuseUpload(Optional<String> token, InetSocketAddress client) {
        return uploadRefusal(token.map(t -> tokens.verify(t, client)).orElse(null));
    }

    private HttpResponse uploadRefusal(SessionTokens.Check check) {
        if (check != null && check.status() == SessionTokens.Status.RATE_LIMITED) {
            return rateLimited();
        }
        if (check == null || check.status() != SessionTokens.Status.OK) {
            return error(401, "unauthorized", "Log in to the chat first");
        }
        return null;
    }

    /**
     * The announcement's bearer check from its {@code Authorization} header alone, so that it can run before
     * the body is read: the refusal (404 when off, 401, or 429 when the address is throttled), or null.
     */
    public HttpResponse refuseAnnounce(Optional<String> authorization, InetSocketAddress client) {
        return switch (announceAuth.check(authorization, client)) {
            case DISABLED -> error(404, "disabled", "Announcements are not enabled on this server");
            case RATE_LIMITED -> rateLimited();
            case UNAUTHORIZED -> error(401, "unauthorized", "A valid push token is required");
            case OK -> null;
        };
    }

    /**
     * The name as an RFC 8187 (RFC 5987) ext-value: UTF-8, every byte outside attr-char percent-encoded.
     * URLEncoder leaves '*' alone and writes a space as '+', neither of which is an attr-char.
     */
    static String extValue(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
    }

    /** The whole number in a query parameter, or -1 for anything else (a word, a fraction, an overflow). */
    private static long parseLong(String s) {
        try {
            return s.matches("[0-9]{1,18}") ? Long.parseLong(s) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return b;
    }

    /** A display name: no path, no control characters, at most 200 characters. */
    static String safeName(String raw) {
        String name = raw.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1);
        name = name.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            name = "file";
        }
        return name.length() > 200 ? name.substring(0, 200) : name;
    }

    private HttpResponse json(int status, Object value) {
        try {
            return HttpResponse.json(status, json.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The server's own refusals of the chat's routes (413 over the route's limit, 400, 417, 500), in the JSON of
     * every other error: {@code {error, code}} (a {@link dev.parley.server.HttpErrorBody}).
     */
    public HttpResponse serverError(int status, String reason) {
        String code = switch (status) {
            case 413 -> "too_large";
            case 417 -> "expectation_failed";
            case 500 -> "internal_error";
            default -> "bad_request";
        };
        return error(status, code, reason);
    }

    /** The server's own refusals of {@code /api/files}: a 413 there says the size limit, as people read it. */
    public HttpResponse uploadServerError(int status, String reason) {
        if (status == 413) {
            return error(413, "too_large", "Files are limited to " + sizeLimit(config.maxUploadSize()));
        }
        return serverError(status, reason);
    }

    /** {@code 195 KB (200,000 bytes)}: the limit in the unit people use, and exactly. */
    public static String sizeLimit(long bytes) {
        String human;
        if (bytes < 1024) {
            human = bytes + " bytes";
        } else if (bytes < 1024 * 1024) {
            human = Math.round(bytes / 1024.0) + " KB";
        } else {
            double mb = bytes / (1024.0 * 1024);
            human = (mb == Math.rint(mb) ? Long.toString((long) mb) : String.format(java.util.Locale.ROOT, "%.1f", mb)) + " MB";
        }
        return human + String.format(java.util.Locale.ROOT, " (%,d bytes)", bytes);
    }

    /** A handler that answers an unexpected failure (a database error) with a JSON 500 instead of plain text. */
    public static dev.parley.server.HttpHandler jsonErrors(ChatHttpApi api, dev.parley.server.HttpHandler handler) {
        return request -> {
            try {
                return handler.handle(request);
            } catch (Exception e) {
                LOG.warn("{} {} failed", request.method(), request.path(), e);
                return api.serverError(500, "Internal error: try again later");
            }
        };
    }

    /** 429 after too many failed secret checks from this address; Retry-After is the window (an upper bound). */
    private HttpResponse rateLimited() {
        return error(429, "rate_limited", "Too many failed attempts: try again later")
                .withHeader("Retry-After", Long.toString(Math.max(1, config.authFailureWindow().toSeconds())));
    }

    private HttpResponse error(int status, String code, String message) {
        return json(status, Map.of("error", message, "code", code));
    }
}
