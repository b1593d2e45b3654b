package dev.parley.server.internal;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves files from an optional directory and then from the built-in pages on the classpath, with content
 * types, strong ETags, Last-Modified, conditional GET (304) and HEAD. Paths are decoded once and any
 * {@code ..} segment, backslash or NUL is refused, and a file reached through a link out of the directory
 * is never served.
 *
 * <p>Files are read whole: this serves pages and scripts, not large downloads. Built-in resources are
 * cached after the first read (hits only, at most {@value #MAX_CACHED_RESOURCES} of them: a client choosing
 * paths must not grow the cache); directory files are read per request, and {@link #respond} may block on
 * the disk: call it off the event loop. Files over {@value #MAX_FILE_SIZE} bytes are refused.
 *
 * <p>Every file is sent with {@link #CONTENT_SECURITY_POLICY}, {@code X-Frame-Options: DENY},
 * {@code Referrer-Policy: no-referrer} and {@code X-Content-Type-Options: nosniff}.
 */
public final class StaticFiles {
    static final int MAX_FILE_SIZE = 16 * 1024 * 1024;
    /**
     * Built-in resources kept in memory. The pages of an application are a handful of files; the bound only
     * matters against paths that reach one resource by many spellings.
     */
    static final int MAX_CACHED_RESOURCES = 256;
    /**
     * Pages load scripts, styles and images from their own origin only and talk to it alone (WebSocket
     * included: CSP Level 3 lets {@code 'self'} match {@code ws:}/{@code wss:} on the same host); no inline
     * script or style, no plugin, and no page may frame them. Uploaded images are shown from {@code /files}.
     */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'none'";
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

    private final Path root;
    private final ClasspathPages pages;
    private final Instant startTime = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    /** Hits only: a miss is looked up again each time, never remembered (a unique path per request would grow it). */
    private final Map<String, Entry> classpathCache = new ConcurrentHashMap<>();

    /**
     * @param root a directory to serve first, or null
     * @param classpathRoot resource folder of the built-in pages, e.g. {@code dev/parley/server/public}
     */
    public StaticFiles(Path root, String classpathRoot) {
        this.root = root == null ? null : root.toAbsolutePath().normalize();
        this.pages = new ClasspathPages(classpathRoot);
    }

    private record Entry(byte[] content, String etag, Instant lastModified, String contentType) {
    }

    /** Outcome of a lookup: a response to send, or null when no file matches the path. */
    public FullHttpResponse respond(FullHttpRequest request) throws IOException {
        boolean head = HttpMethod.HEAD.equals(request.method());
        if (!head && !HttpMethod.GET.equals(request.method())) {
            return null;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        if (!isSafe(path)) {
            return HttpResponses.text(HttpResponseStatus.BAD_REQUEST, "Invalid path");
        }
        String relative = path.endsWith("/") ? path.substring(1) + "index.html" : path.substring(1);
        Optional<Entry> entry = fromDirectory(relative);
        if (entry.isEmpty()) {
            entry = fromClasspathCached(relative);
        }
        if (entry.isEmpty()) {
            return null;
        }
        return build(request, entry.get(), head);
    }

    /** RFC 3986 path segments only; nothing that could climb out of the root. */
    static boolean isSafe(String decodedPath) {
        if (!decodedPath.startsWith("/") || decodedPath.indexOf('\\') >= 0 || decodedPath.indexOf('\0') >= 0) {
            return false;
        }
        for (String segment : decodedPath.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                return false;
            }
        }
        return true;
    }

    private Optional<Entry> fromDirectory(String relative) throws IOException {
        if (root == null) {
            return Optional.empty();
        }
        Path file = root.resolve(relative).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        if (!file.toRealPath().startsWith(root.toRealPath())) {
            return Optional.empty(); // a symbolic link out of the served directory
        }
        long size = Files.size(file);
        if (size > MAX_FILE_SIZE) {
            throw new IOException("File too large to serve: " + size);
        }
        Instant modified = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant()
                .truncatedTo(ChronoUnit.SECONDS);
        byte[] content = Files.readAllBytes(file);
        return Optional.of(new Entry(content, etag(content), modified, ContentTypes.of(file.getFileName().toString())));
    }

    private Optional<Entry> fromClasspathCached(String relative) {
        Entry cached = classpathCache.get(relative);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Entry> read = fromClasspath(relative);
        if (read.isPresent() && classpathCache.size() < MAX_CACHED_RESOURCES) {
            classpathCache.putIfAbsent(relative, read.get());
        }
        return read;
    }

    /** Resources held in memory, for tests. */
    int cachedResources() {
        return classpathCache.size();
    }

    private Optional<Entry> fromClasspath(String relative) {
        try {
            return pages.read(relative).map(content -> new Entry(content, etag(content), startTime,
                    ContentTypes.of(relative)));
        } catch (IOException e) {
            // A resource "directory" cannot be read as a stream: treat as absent.
            return Optional.empty();
        }
    }

    private static FullHttpResponse build(FullHttpRequest request, Entry entry, boolean head) {
        if (notModified(request, entry)) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED);
            response.headers().set(HttpHeaderNames.ETAG, entry.etag());
            return response;
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(entry.content()));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, entry.contentType())
                .set(HttpHeaderNames.ETAG, entry.etag())
                .set(HttpHeaderNames.LAST_MODIFIED, HTTP_DATE.format(ZonedDateTime.ofInstant(entry.lastModified(), ZoneOffset.UTC)))
                // Revalidate every time (cheap with the ETag): pages change when the server is upgraded.
                .set(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                .set("X-Content-Type-Options", "nosniff")
                .set("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .set("X-Frame-Options", "DENY")
                .set("Referrer-Policy", "no-referrer");
        if (head) {
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, entry.content().length);
        }
        return response;
    }

    private static boolean notModified(FullHttpRequest request, Entry entry) {
        String ifNoneMatch = request.headers().get(HttpHeaderNames.IF_NONE_MATCH);
        if (ifNoneMatch != null) {
            for (String tag : ifNoneMatch.split(",")) {
                String t = tag.trim();
                if (t.equals("*") || t.equals(entry.etag()) || t.equals("W/" + entry.etag())) {
                    return true;
                }
            }
            return false; // RFC 9110 §13.1.3: If-Modified-Since is ignored when If-None-Match is present
        }
        String ifModifiedSince = request.headers().get(HttpHeaderNames.IF_MODIFIED_SINCE);
        if (ifModifiedSince != null) {
            try {
                Instant since = ZonedDateTime.parse(ifModifiedSince, HTTP_DATE).toInstant();
                return !entry.lastModified().isAfter(since);
            } catch (DateTimeParseException e) {
                return false;
            }
        }
        return false;
    }

    private static String etag(byte[] content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
