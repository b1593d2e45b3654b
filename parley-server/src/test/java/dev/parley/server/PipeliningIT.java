package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pipelined requests past the router's queue pause reading: none is refused, answers come in order. */
class PipeliningIT {
    private ParleyServer server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void aThousandSmallPipelinedRequestsInOneWriteGetAThousandAnswersInOrder() throws Exception {
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build()).start();
        // About 40 bytes each: one socket read brings hundreds, all decoded at once (Netty's codec refused 129).
        pipeline(1_000, "");
    }

    @Test
    void whatIsHeldIsBoundedByTheQueueAndOneRead() throws Exception {
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build()).start();
        pipeline(1_000, "p".repeat(1000));
        // Reading pauses at 16 waiting requests; Netty still decodes what the last read brought (at most
        // 64 KiB, so about 64 of these 1 KB requests). Without the pause all 1,000 could wait at once.
        assertThat(server.counters().pipelinedHighWater()).isBetween(16L, 16L + 64 + 16);
    }

    private void pipeline(int count, String padding) throws Exception {
        StringBuilder requests = new StringBuilder();
        for (int i = 0; i < count; i++) {
            requests.append("GET /missing-").append(i).append(" HTTP/1.1\r\nHost: x\r\nX-Pad: ").append(padding)
                    .append("\r\n\r\n");
        }
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(requests.toString().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            for (int i = 0; i < count; i++) {
                String response = RequestBodyIT.readResponse(in);
                assertThat(response).as("answer %d", i).isNotNull().startsWith("HTTP/1.1 404")
                        .endsWith("Not found: /missing-" + i + "\n");
            }
        }
    }
}
