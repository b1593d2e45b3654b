package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** 404s on unique paths leave nothing behind: the live heap after GC stays flat. */
class StaticMissesHeapIT {
    private ParleyServer server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void uniquePathMissesDoNotGrowTheHeap() throws Exception {
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build()).start();
        // -Dparley.misses=18688 reproduces the hardening issue's figure.
        int misses = Integer.getInteger("parley.misses", 5_000);
        String padding = "m".repeat(8 * 1024 - 64);
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            request(out, in, "/warm-up");
            long before = liveHeap();
            for (int i = 0; i < misses; i++) {
                request(out, in, "/" + padding + i);
            }
            long after = liveHeap();
            System.out.printf("StaticMissesHeapIT: %d unique 8 KB misses: live heap %.1f -> %.1f MiB%n", misses,
                    before / 1048576.0, after / 1048576.0);
            // 5,000 remembered 8 KB paths would be 40 MB.
            assertThat(after - before).isLessThan(10L * 1024 * 1024);
        }
    }

    private static void request(OutputStream out, InputStream in, String path) throws Exception {
        out.write(("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        assertThat(RequestBodyIT.readResponse(in)).startsWith("HTTP/1.1 404");
    }

    private static long liveHeap() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
