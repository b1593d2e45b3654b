package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.engineio.EngineIoConfig;
import dev.parley.engineio.EngineIoListener;
import dev.parley.engineio.EngineIoServer;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Request bodies over raw sockets: limits and head checks are decided from the head, before the body is read;
 * chunked bodies are bounded as they arrive; Engine.IO polling bodies follow maxHttpBufferSize.
 */
class RequestBodyIT {
    private static final String TOKEN = "secret";
    private ParleyServer server;
    private final AtomicInteger handled = new AtomicInteger();
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    private void start(EngineIoServer... engines) throws InterruptedException {
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0)
                .handshakeTimeout(Duration.ofSeconds(30)).build());
        for (EngineIoServer engine : engines) {
            server.addEngineIo(engine);
        }
        server.addHttpRoute("/upload", 25L * 1024 * 1024,
                        head -> head.header("X-Token").filter(TOKEN::equals).isPresent() ? Optional.empty()
                                : Optional.of(HttpResponse.text(401, "no token")),
                        request -> {
                            handled.incrementAndGet();
                            return HttpResponse.text(201, "got " + request.body().length);
                        })
                .addHttpRoute("/small", 1000, request -> HttpResponse.text(200, "got " + request.body().length))
                .start();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(20_000);
        sockets.add(socket);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** One response's status line, headers and body (by Content-Length). */
    static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return head.size() == 0 ? null : head.toString(StandardCharsets.ISO_8859_1);
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    @Test
    void aRefusedHeadGetsItsAnswerInsteadOf100Continue() throws Exception {
        start();
        Socket socket = connect();
        send(socket, "POST /upload HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 26214400\r\n\r\n");
        String response = readResponse(socket.getInputStream());
        assertThat(response).startsWith("HTTP/1.1 401").contains("no token").containsIgnoringCase("connection: close");
        assertThat(socket.getInputStream().read()).isEqualTo(-1);
        assertThat(handled).hasValue(0);
    }

    @Test
    void anAcceptedHeadGets100ContinueThenItsBodyIsRead() throws Exception {
        start();
        Socket socket = connect();
        send(socket, "POST /upload HTTP/1.1\r\nHost: x\r\nX-Token: secret\r\nExpect: 100-continue\r\n"
                + "Content-Length: 5\r\n\r\n");
        assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 100 Continue");
        send(socket, "hello");
        assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 201").endsWith("got 5");
        // Keep-alive goes on after an accepted body.
        send(socket, "POST /small HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
        assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200").endsWith("got 3");
    }

    @Test
    void requestsPipelinedBehindAHeadCheckAreServedInOrder() throws Exception {
        start();
        Socket socket = connect();
        send(socket, "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"
                + "POST /upload HTTP/1.1\r\nHost: x\r\nX-Token: secret\r\nContent-Length: 2\r\n\r\nok"
                + "GET /small HTTP/1.1\r\nHost: x\r\n\r\n");
        InputStream in = socket.getInputStream();
        assertThat(readResponse(in)).startsWith("HTTP/1.1 401");
        assertThat(readResponse(in)).startsWith("HTTP/1.1 201").endsWith("got 2");
        assertThat(readResponse(in)).startsWith("HTTP/1.1 200").endsWith("got 0");
    }

    @Test
    void chunkedBodiesOfRefusedRequestsAreNotBuffered() throws Exception {
        start();
        // -Dparley.refused.connections=40 measures the figure of the hardening issue.
        int connections = Integer.getInteger("parley.refused.connections", 10);
        int megabytes = 8;
        byte[] chunk = ("100000\r\n" + "x".repeat(0x100000) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        long before = usedMemory();
        for (int i = 0; i < connections; i++) {
            Socket socket = connect();
            send(socket, "POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            for (int m = 0; m < megabytes; m++) {
                out.write(chunk); // blocks once the server stops reading: it must go on discarding
            }
            out.flush();
        }
        long during = usedMemory();
        System.out.printf("RequestBodyIT: %d connections x %d MiB refused: server memory grew %.1f MiB%n",
                connections, megabytes, (during - before) / 1048576.0);
        // 10 bodies of 8 MiB held by the server would be 80 MiB.
        assertThat(during - before).isLessThan(24L * 1024 * 1024);
        for (Socket socket : sockets) {
            // The answer came before the body ended.
            assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 401");
        }
        assertThat(handled).hasValue(0);
    }

    @Test
    void aChunkedBodyOverTheRouteLimitGets413AsItPassesIt() throws Exception {
        start();
        Socket socket = connect();
        send(socket, "POST /small HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
        send(socket, "3e8\r\n" + "y".repeat(1000) + "\r\n"); // exactly the limit: fine so far
        send(socket, "1\r\nz\r\n");
        assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 413").contains("over 1000 bytes");
        send(socket, "0\r\n\r\n");
        assertThat(socket.getInputStream().read()).isEqualTo(-1);
    }

    @Test
    void pathsWithoutABodyRouteHaveASmallLimit() throws Exception {
        start();
        Socket socket = connect();
        send(socket, "POST /index.html HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
        String big = "10000\r\n" + "q".repeat(0x10000) + "\r\n";
        send(socket, big);
        send(socket, "1\r\nq\r\n");
        assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 413")
                .contains("over " + ServerConfig.DEFAULT_MAX_REQUEST_BODY_SIZE + " bytes");
    }

    @Test
    void malformedRequestsGet400WithAReason() throws Exception {
        start();
        for (String request : List.of("GET /%ZZ HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /small?q=%ZZ HTTP/1.1\r\nHost: x\r\n\r\n",
                "POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
                "POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 9223372036854775808\r\n\r\n")) {
            Socket socket = connect();
            send(socket, request);
            String response = readResponse(socket.getInputStream());
            assertThat(response).as(request).isNotNull().startsWith("HTTP/1.1 400");
            assertThat(response.substring(response.indexOf("\r\n\r\n") + 4)).as(request).isNotBlank();
        }
    }

    @Test
    void anOverLimitPollingPostGets413AndEndsTheSessionWhateverItsSize() throws Exception {
        EngineIoServer engine = new EngineIoServer(EngineIoConfig.builder().maxHttpBufferSize(1000).build(),
                new EngineIoListener() {
                });
        start(engine);
        for (String body : List.of("Content-Length: 1001\r\n\r\n" + "4" + "a".repeat(1000),
                "Content-Length: 2000000\r\n\r\n",
                "Transfer-Encoding: chunked\r\n\r\n3e9\r\n4" + "a".repeat(1000) + "\r\n")) {
            String sid = handshake();
            Socket socket = connect();
            send(socket, "POST /engine.io/?EIO=4&transport=polling&sid=" + sid + " HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: text/plain\r\n" + body);
            assertThat(readResponse(socket.getInputStream())).as(body.substring(0, 20)).startsWith("HTTP/1.1 413");
            await().until(() -> engine.clientsCount() == 0);
        }
    }

    private String handshake() throws IOException {
        Socket socket = connect();
        send(socket, "GET /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n");
        String response = readResponse(socket.getInputStream());
        int start = response.indexOf("\"sid\":\"") + 7;
        return response.substring(start, response.indexOf('"', start));
    }

    /** Live heap after GC plus the memory Netty's allocator has in use (direct, mostly). */
    static long usedMemory() {
        long heap = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            heap = Math.min(heap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        var metric = ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric();
        return heap + metric.usedDirectMemory() + metric.usedHeapMemory();
    }
}
