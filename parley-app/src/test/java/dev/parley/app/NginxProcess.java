package dev.parley.app;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx (Debian's package, {@code /usr/sbin/nginx}, or {@code PARLEY_NGINX}) in the foreground
 * ({@code daemon off}), with a prefix, logs, temporary files and pid file of its own under a test directory,
 * running a given http-context configuration on loopback until {@link #close()} stops it (SIGTERM: nginx's
 * fast shutdown). Its access log records, for each request, the node cookie it carried and the node that
 * answered.
 */
final class NginxProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final Process process;
    private final Path dir;

    private NginxProcess(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    /** The nginx executable; a missing one fails the test with what to install (CI installs it). */
    static Path executable() {
        return executable(System.getenv().getOrDefault("PARLEY_NGINX", "/usr/sbin/nginx"));
    }

    static Path executable(String path) {
        Path nginx = Paths.get(path);
        if (!Files.isExecutable(nginx)) {
            throw new AssertionError(nginx + " not found: these tests need a real nginx. Install Debian's package "
                    + "(apt-get install nginx; .ci/run does), or set PARLEY_NGINX to another nginx executable");
        }
        return nginx;
    }

    /**
     * Starts nginx in {@code dir} with {@code httpConfig} included in its http context, and returns once it
     * accepts connections on {@code port}.
     */
    static NginxProcess start(Path dir, String httpConfig, int port) throws IOException {
        Path nginx = executable();
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.createDirectories(dir.resolve("temp")); // nginx makes the folders inside
        Files.writeString(conf.resolve("parley.conf"), httpConfig, StandardCharsets.UTF_8);
        Files.writeString(conf.resolve("nginx.conf"), mainConfig(dir), StandardCharsets.UTF_8);
        ProcessBuilder builder = new ProcessBuilder(nginx.toString(), "-p", dir + "/", "-c", conf.resolve("nginx.conf").toString(),
                "-e", logs.resolve("error.log").toString(), "-g", "daemon off; pid " + dir.resolve("nginx.pid") + ";")
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve("stdout.log").toFile());
        NginxProcess started = new NginxProcess(builder.start(), dir);
        try {
            await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() -> {
                if (!started.process.isAlive()) {
                    throw new AssertionError("nginx exited with " + started.process.exitValue() + ": "
                            + started.errorLog() + Files.readString(logs.resolve("stdout.log")));
                }
                return accepts(port);
            });
        } catch (RuntimeException | Error e) {
            started.process.destroyForcibly();
            throw e;
        }
        return started;
    }

    /**
     * The test's main configuration: one worker, everything nginx writes under {@code dir}, an access log
     * that shows the routing, and the configuration under test in the http context.
     */
    private static String mainConfig(Path dir) {
        return String.join("\n",
                "worker_processes 1;",
                "events { worker_connections 512; }",
                "http {",
                "    log_format routing '$status $request_method $uri cookie=$cookie_parley_node upstream=$upstream_addr upstream_status=$upstream_status';",
                "    access_log " + dir.resolve("logs/access.log") + " routing;",
                "    client_body_temp_path " + dir.resolve("temp/client_body") + ";",
                "    proxy_temp_path " + dir.resolve("temp/proxy") + ";",
                "    fastcgi_temp_path " + dir.resolve("temp/fastcgi") + ";",
                "    uwsgi_temp_path " + dir.resolve("temp/uwsgi") + ";",
                "    scgi_temp_path " + dir.resolve("temp/scgi") + ";",
                "    include " + dir.resolve("conf/parley.conf") + ";",
                "}",
                "");
    }

    /** A free loopback port (free when asked; nginx binds it a moment later). */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The access log's lines so far (see {@link #mainConfig}). */
    List<String> accessLog() throws IOException {
        Path log = dir.resolve("logs/access.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    String errorLog() throws IOException {
        Path log = dir.resolve("logs/error.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: nginx's fast shutdown
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("nginx did not stop on SIGTERM within " + STOP_TIMEOUT);
        }
    }
}
