package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testkit.WebSocketRecorder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code parley serve} as a user runs it: a separate JVM started on {@link Main}, configured by
 * {@code PARLEY_*} environment variables, talked to over HTTP and WebSocket, stopped with SIGTERM.
 */
class ServeCommandProcessIT {
    private static final long WAIT_SECONDS = 60;
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    @Test
    void everyEnvironmentVariableSetsItsOption() throws Exception {
        Map<String, String> env = new HashMap<>();
        List<String> cliArgs = new ArrayList<>();
        for (OptionSpec option : ServeCommandTest.configOptions()) {
            String sample = sampleValue(option);
            env.put(ServeCommandTest.environmentVariable(option.longestName()), sample);
            // A flag is set by its name alone on the command line (its variable says "true").
            cliArgs.add(option.arity().max() == 0 ? option.longestName() : option.longestName() + "=" + sample);
        }
        // The same values given on the command line, parsed here: what the variables must have produced.
        ServeCommand expected = new ServeCommand();
        CommandLine line = new CommandLine(expected);
        line.parseArgs(cliArgs.toArray(String[]::new));
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        expected.printConfig(new java.io.PrintStream(printed, true, StandardCharsets.UTF_8));
        ServeCommand defaults = new ServeCommand();
        new CommandLine(defaults).parseArgs();
        java.io.ByteArrayOutputStream defaultsPrinted = new java.io.ByteArrayOutputStream();
        defaults.printConfig(new java.io.PrintStream(defaultsPrinted, true, StandardCharsets.UTF_8));

        Process process = start(env, "serve", "--print-config");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();

        List<String> fromEnvironment = output.lines().toList();
        List<String> fromCommandLine = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(fromEnvironment).containsExactlyElementsOf(fromCommandLine);
        // And every sample differs from its default, so no line can match by chance.
        List<String> atDefaults = defaultsPrinted.toString(StandardCharsets.UTF_8).lines().toList();
        for (int i = 0; i < fromCommandLine.size(); i++) {
            if (!fromCommandLine.get(i).startsWith("--db-password=") && !fromCommandLine.get(i).startsWith("--push-token=")) {
                assertThat(fromCommandLine.get(i)).isNotEqualTo(atDefaults.get(i));
            }
        }
    }

    /** A value of the option's type that is not its default. */
    private static String sampleValue(OptionSpec option) {
        Class<?> type = option.type();
        if (type == boolean.class || type == Boolean.class) {
            return "true";
        }
        if (type == int.class || type == long.class) {
            return "7";
        }
        if (type == java.time.Duration.class) {
            return "7s";
        }
        if (type.isEnum()) {
            String current = ServeCommandTest.DOCUMENTED_DEFAULTS.get(option.longestName());
            for (Object constant : type.getEnumConstants()) {
                if (!constant.toString().equals(current)) {
                    return constant.toString();
                }
            }
        }
        if (type == Path.class) {
            return "/tmp/parley-sample";
        }
        if (List.class.isAssignableFrom(type)) {
            return "https://sample.example";
        }
        return "sample-" + option.longestName().substring(2);
    }

    @Test
    void theChatServesItsPageAndSocketIo() throws Exception {
        try (Server server = Server.start(Map.of("PARLEY_APP", "chat", "PARLEY_PORT", "0",
                "PARLEY_DATA_DIR", dataDir.toString()))) {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(server.url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<title>Parley Chat</title>");
            HttpResponse<String> handshake = http.send(HttpRequest.newBuilder(
                    URI.create(server.url + "socket.io/?EIO=4&transport=polling")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(handshake.body()).startsWith("0{\"sid\":");
            assertThat(dataDir.resolve("parley-chat.db")).exists();
        }
    }

    @Test
    void theDemoEchoesOverAWebSocket() throws Exception {
        try (Server server = Server.start(Map.of("PARLEY_APP", "demo", "PARLEY_PORT", "0"))) {
            WebSocketRecorder client = new WebSocketRecorder();
            WebSocket ws = http.newWebSocketBuilder()
                    .buildAsync(URI.create(server.url.replace("http://", "ws://") + "ws/echo"), client)
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);
            ws.sendText("hello from a test", true).get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(client.messages.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("hello from a test");
        }
    }

    @Test
    void theEchoAppTakesItsHeartbeatFromTheEnvironment() throws Exception {
        try (Server server = Server.start(Map.of("PARLEY_APP", "echo", "PARLEY_PORT", "0",
                "PARLEY_PING_INTERVAL", "300", "PARLEY_PING_TIMEOUT", "200"))) {
            for (String path : List.of("engine.io/", "socket.io/")) {
                HttpResponse<String> open = http.send(HttpRequest.newBuilder(
                        URI.create(server.url + path + "?EIO=4&transport=polling")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(open.body()).startsWith("0{").contains("\"pingInterval\":300").contains("\"pingTimeout\":200");
            }
        }
    }

    private static Process start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().keySet().removeIf(k -> k.startsWith("PARLEY_"));
        builder.environment().putAll(env);
        return builder.start();
    }

    /** A {@code parley serve} process, until it has stopped. */
    private static final class Server implements AutoCloseable {
        final Process process;
        final String url;

        private Server(Process process, String url) {
            this.process = process;
            this.url = url;
        }

        static Server start(Map<String, String> env) throws Exception {
            Process process = ServeCommandProcessIT.start(env, "serve");
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            BlockingQueue<String> running = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                try {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        if (line.startsWith("Parley is running at ")) {
                            running.add(line.substring("Parley is running at ".length()).split(" ")[0]);
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
            reader.setDaemon(true);
            reader.start();
            String url = running.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (url == null) {
                process.destroyForcibly();
                throw new AssertionError("parley serve did not start within " + WAIT_SECONDS + " s");
            }
            return new Server(process, url);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy(); // SIGTERM: the shutdown hook stops the server gracefully
            boolean exited = process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly();
            }
            assertThat(exited).as("parley serve exits on SIGTERM").isTrue();
        }
    }
}
