package dev.parley.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The built-in pages' cache: hits only, bounded. */
class StaticFilesTest {
    private final StaticFiles files = new StaticFiles(null, "dev/parley/server/public");

    private FullHttpResponse get(String uri) throws Exception {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
        try {
            return files.respond(request);
        } finally {
            request.release();
        }
    }

    @Test
    void missesAreNotRemembered() throws Exception {
        String padding = "x".repeat(8 * 1024);
        for (int i = 0; i < 2_000; i++) {
            assertThat(get("/" + padding + i)).isNull();
        }
        assertThat(files.cachedResources()).isZero();
        FullHttpResponse index = get("/");
        assertThat(index.status().code()).isEqualTo(200);
        index.release();
        assertThat(files.cachedResources()).isEqualTo(1);
    }

    @Test
    void liveHeapStaysFlatUnderUniqueMisses() throws Exception {
        String padding = "y".repeat(8 * 1024);
        get("/warm-up");
        long before = liveHeap();
        for (int i = 0; i < 5_000; i++) {
            get("/" + padding + i);
        }
        long after = liveHeap();
        // 5,000 remembered 8 KB keys would be about 40 MB (82 MB as UTF-16 strings).
        assertThat(after - before).isLessThan(8L * 1024 * 1024);
    }

    @Test
    void pagesCarryTheSecurityHeaders() throws Exception {
        FullHttpResponse index = get("/");
        assertThat(index.headers().get("Content-Security-Policy")).contains("default-src 'self'")
                .contains("frame-ancestors 'none'");
        assertThat(index.headers().get("X-Frame-Options")).isEqualTo("DENY");
        assertThat(index.headers().get("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(index.headers().get("X-Content-Type-Options")).isEqualTo("nosniff");
        index.release();
    }

    static long liveHeap() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
