package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * At the file-descriptor limit (a child JVM under {@code ulimit -n}), clients past it are refused rather
 * than left hanging in the backlog, the log holds a bounded number of warnings, and the server serves again
 * once descriptors are free.
 */
class FdLimitIT {
    private static final int CLIENTS = 200;

    @TempDir
    Path dir;

    @Test
    void refusesCleanlyAtTheDescriptorLimitAndRecovers() throws Exception {
        Path log = dir.resolve("server.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder("bash", "-c", "ulimit -n 128; exec \"$0\" -Xmx128m -cp \"$1\" "
                + FdLimitServer.class.getName(), java, System.getProperty("java.class.path"))
                .redirectError(log.toFile()).start();
        List<Socket> sockets = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String first = out.readLine();
            assertThat(first).as("server output; log: %s", Files.exists(log) ? Files.readString(log) : "")
                    .startsWith("port=");
            int port = Integer.parseInt(first.substring(5));
            int served = 0;
            int refused = 0;
            for (int i = 0; i < CLIENTS; i++) {
                Socket socket = new Socket("127.0.0.1", port);
                socket.setSoTimeout(15_000);
                sockets.add(socket);
                socket.getOutputStream().write("GET /demo.css HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            for (Socket socket : sockets) {
                String status = statusLine(socket); // a timeout here is a client left hanging: the failure
                if (status != null && status.startsWith("HTTP/1.1 200")) {
                    served++;
                } else {
                    assertThat(status == null || status.startsWith("HTTP/1.1 503")).as(status).isTrue();
                    refused++;
                }
            }
            assertThat(served).as("served of %d; log: %s", CLIENTS, Files.readString(log)).isPositive();
            assertThat(refused).isPositive();
            assertThat(served + refused).isEqualTo(CLIENTS);
            for (Socket socket : sockets) {
                socket.close();
            }
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                try (Socket socket = new Socket("127.0.0.1", port)) {
                    socket.setSoTimeout(5_000);
                    socket.getOutputStream().write("GET /demo.css HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    String status = statusLine(socket);
                    return status != null && status.startsWith("HTTP/1.1 200");
                }
            });
            process.getOutputStream().close();
            String counter = out.readLine();
            assertThat(counter).startsWith("refused=");
            assertThat(Long.parseLong(counter.substring(8))).isGreaterThanOrEqualTo(refused);
            assertThat(process.waitFor()).isZero();
            List<String> warnings = Files.readAllLines(log).stream().filter(line -> line.contains("WARN")).toList();
            assertThat(warnings).as(Files.readString(log)).hasSizeLessThanOrEqualTo(2);
            assertThat(Files.readString(log)).doesNotContain("\tat ");
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
            process.destroyForcibly().waitFor();
        }
    }

    /** The status line, or null when the server closed (or reset) the connection without one. */
    private static String statusLine(Socket socket) throws IOException {
        try {
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = socket.getInputStream().read()) >= 0 && b != '\n') {
                line.append((char) b);
            }
            return line.length() == 0 ? null : line.toString().trim();
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            return null; // reset: refused
        }
    }
}
