package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.engineio.EngineIoConfig;
import dev.parley.engineio.EngineIoListener;
import dev.parley.engineio.EngineIoServer;
import dev.parley.testkit.FuzzLeaks;
import dev.parley.websocket.WebSocketEndpoint;
import dev.parley.websocket.WebSocketListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the HTTP front of a real {@link ParleyServer} (static files, an application route, Engine.IO
 * polling, a WebSocket endpoint) over raw loopback sockets: generated and mutated requests (methods,
 * paths with % escapes, header names and values, Content-Length values, chunked bodies, pipelining).
 * Property: what comes back is a sequence of well-formed HTTP/1.1 responses with a status below 500,
 * possibly cut short by the server closing the connection; the server closes every connection it does
 * not answer; it keeps serving a normal request; no buffer leaks. See docs/fuzzing.md.
 */
class HttpFrontFuzzTest {
    private static final FuzzLeaks LEAKS = new FuzzLeaks(2_000);
    private static final String[] METHODS = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE",
        "CONNECT", "get", "PRI", "GET\0"};
    private static final String[] PATHS = {"/", "/demo.js", "/hello.txt", "/api/echo", "/api", "/engine.io/",
        "/engine.io/?EIO=4&transport=polling", "/engine.io/?EIO=4&transport=polling&sid=abc", "/engine.io/?EIO=3",
        "/engine.io/?EIO=4&transport=websocket", "/ws", "/nope", "*", "http://x/", "/%2e%2e/etc/passwd",
        "/hello.txt%00", "/%", "/%zz", "/%c0%ae%c0%ae/", "/a/../../b", "/\u00e9t\u00e9", "//", "/..\\..\\x"};
    private static final String[] HEADERS = {"Host", "Content-Length", "Transfer-Encoding", "Connection", "Upgrade",
        "Sec-WebSocket-Key", "Sec-WebSocket-Version", "Sec-WebSocket-Extensions", "Origin", "Expect",
        "If-None-Match", "If-Modified-Since", "Range", "Accept-Encoding", "Content-Type", "X-Forwarded-For", "Cookie"};
    private static final String[] VALUES = {"0", "-1", "5", "99999999999999999999", "+5", " 5", "5, 5", "chunked",
        "gzip, chunked", "chunked, identity", "close", "keep-alive", "Upgrade", "websocket", "13", "8",
        "dGhlIHNhbXBsZSBub25jZQ==", "permessage-deflate; client_max_window_bits", "100-continue", "bytes=0-1",
        "bytes=5-1", "*", "\"x\"", "Thu, 01 Jan 1970 00:00:00 GMT", "x\r\nInjected: 1", "\u00ff\u00fe", ""};

    private static Path staticDir;
    private static ParleyServer server;
    private static boolean detectorsConfigured;

    @BeforeAll
    static void start() throws Exception {
        staticDir = Files.createTempDirectory("parley-fuzz");
        Files.writeString(staticDir.resolve("hello.txt"), "hello");
        EngineIoServer engine = new EngineIoServer(EngineIoConfig.builder().build(), new EngineIoListener() {
        });
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).staticDir(staticDir)
                .handshakeTimeout(Duration.ofSeconds(2)).httpIdleTimeout(Duration.ofSeconds(2)).build())
                .addEndpoint(WebSocketEndpoint.builder("/ws", new WebSocketListener() {
                }).build())
                .addEngineIo(engine)
                .addHttpRoute("/api", 1000, request -> HttpResponse.text(200, "got " + request.body().length));
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server == null) {
            return;
        }
        assertNormalRequestWorks();
        server.stop();
        Files.deleteIfExists(staticDir.resolve("hello.txt"));
        Files.deleteIfExists(staticDir);
    }

    @FuzzTest(maxDuration = "5m")
    void requests(FuzzedDataProvider data) throws IOException {
        allowLoopbackConnections();
        List<String> methods = new ArrayList<>();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        int requests = data.consumeInt(1, 3);
        for (int i = 0; i < requests; i++) {
            wire.writeBytes(request(data, methods, i == requests - 1));
        }
        byte[] bytes = wire.toByteArray();
        boolean mutated = bytes.length > 0 && data.consumeProbabilityFloat() < 0.2f;
        if (mutated) {
            int at = data.consumeInt(0, bytes.length - 1);
            bytes[at] = data.consumeByte();
        }
        byte[] answer = exchange(bytes);
        ResponseChecker.check(answer, mutated ? null : methods);
        if (LEAKS.executions() % 50 == 0) {
            assertNormalRequestWorks();
        }
        LEAKS.checkEvery();
    }

    /**
     * Jazzer's SSRF detector flags every connection while fuzzing; this test talks to its own server. Its
     * path traversal detector stays on (StaticFiles must never open a path outside staticDir). The
     * detectors exist once Jazzer's agent is installed, i.e. in a fuzzing run only.
     */
    private static void allowLoopbackConnections() {
        if (detectorsConfigured) {
            return;
        }
        detectorsConfigured = true;
        try {
            BugDetectors.allowNetworkConnections((host, port) -> host.equals("127.0.0.1") || host.equals("localhost"));
        } catch (IllegalStateException e) {
            // no detectors loaded: the normal build replays the corpus without Jazzer's agent
        }
    }

    private static byte[] request(FuzzedDataProvider data, List<String> methods, boolean last) {
        String method = data.consumeProbabilityFloat() < 0.9f ? data.pickValue(METHODS) : data.consumeAsciiString(8);
        methods.add(method);
        String path = data.consumeProbabilityFloat() < 0.8f ? data.pickValue(PATHS) + escape(data.consumeString(10))
                : data.consumeString(30);
        String version = data.consumeProbabilityFloat() < 0.9f ? "HTTP/1.1" : data.pickValue(new String[] {"HTTP/1.0",
            "HTTP/2.0", "HTTP/1.1 x", "HTTP/0.9", "", "http/1.1"});
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(' ').append(version).append("\r\n");
        if (data.consumeProbabilityFloat() < 0.9f) {
            head.append("Host: x\r\n");
        }
        int headers = data.consumeInt(0, 5);
        for (int i = 0; i < headers; i++) {
            String name = data.consumeProbabilityFloat() < 0.8f ? data.pickValue(HEADERS) : data.consumeString(12);
            String value = data.consumeProbabilityFloat() < 0.7f ? data.pickValue(VALUES) : data.consumeString(40);
            head.append(name).append(data.consumeBoolean() ? ": " : ":").append(value).append("\r\n");
        }
        byte[] body = data.consumeBytes(data.consumeInt(0, 1200));
        boolean chunked = data.consumeProbabilityFloat() < 0.3f;
        if (chunked) {
            head.append("Transfer-Encoding: chunked\r\n");
        } else if (body.length > 0 || data.consumeBoolean()) {
            head.append("Content-Length: ").append(data.consumeProbabilityFloat() < 0.9f ? body.length : data.consumeInt(-2, 2000))
                    .append("\r\n");
        }
        if (last) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        if (chunked) {
            writeChunked(out, body, data);
        } else {
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    private static void writeChunked(ByteArrayOutputStream out, byte[] body, FuzzedDataProvider data) {
        int pos = 0;
        while (pos < body.length) {
            int size = Math.min(body.length - pos, data.consumeInt(1, 500));
            String sizeLine = data.consumeProbabilityFloat() < 0.9f ? Integer.toHexString(size)
                    : data.pickValue(new String[] {"-1", "zz", "FFFFFFFFFFFF", Integer.toHexString(size) + ";ext=1", ""});
            out.writeBytes((sizeLine + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, pos, size);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            pos += size;
        }
        out.writeBytes((data.consumeBoolean() ? "0\r\n\r\n" : "0\r\nTrailer: t\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** Percent-escapes some characters, validly or not. */
    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == ' ' || c == '#' || c < 0x20) {
                sb.append('%').append(String.format("%02X", (int) c & 0xFF));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * Sends the bytes and reads until the server closes. A request sequence that is complete ends with
     * {@code Connection: close}; when nothing more arrives for a while (the framing was broken, so the
     * server waits for bytes that will never come), the client half-closes and the server must close.
     */
    private static byte[] exchange(byte[] bytes) throws IOException {
        return exchange(bytes, 300);
    }

    private static byte[] exchange(byte[] bytes, int quietMillis) throws IOException {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(quietMillis);
            try {
                socket.getOutputStream().write(bytes);
            } catch (SocketException e) {
                return in.toByteArray(); // the server closed (e.g. after a 400) while we were still writing
            }
            InputStream input = socket.getInputStream();
            byte[] buf = new byte[8192];
            boolean halfClosed = false;
            while (true) {
                int n;
                try {
                    n = input.read(buf);
                } catch (SocketTimeoutException e) {
                    assertThat(halfClosed).as("the server closes a half-closed connection").isFalse();
                    socket.shutdownOutput();
                    socket.setSoTimeout(10_000);
                    halfClosed = true;
                    continue;
                } catch (SocketException e) {
                    break; // reset by the server: closed
                }
                if (n < 0) {
                    break;
                }
                in.write(buf, 0, n);
            }
        }
        return in.toByteArray();
    }

    private static void assertNormalRequestWorks() throws IOException {
        // a complete request with Connection: close: the server answers, then closes; no half-close needed
        byte[] answer = exchange("GET /hello.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII), 30_000);
        assertThat(new String(answer, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200 ").endsWith("hello");
    }
}
