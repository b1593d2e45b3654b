package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@code parley serve} process as a user runs it: a separate JVM started on {@link Main} with this test
 * JVM's class path, {@code PARLEY_*} variables of the test's choosing (none inherited), running until
 * {@link #close()} stops it with SIGTERM and checks that it exits. Used by the integration tests that need
 * the real command (its startup order, its cluster membership), not an embedded server.
 */
final class ServeProcess implements AutoCloseable {
    static final long WAIT_SECONDS = 60;

    final Process process;
    /** The URL it printed in "Parley is running at URL", e.g. {@code http://127.0.0.1:40123/}. */
    final String url;
    /** What it printed before "Parley is running" (the cluster line, if any). */
    final List<String> startupLines;

    private ServeProcess(Process process, String url, List<String> startupLines) {
        this.process = process;
        this.url = url;
        this.startupLines = startupLines;
    }

    /** {@code parley serve <serveArgs>} with {@code env}; returns once it says it is running. */
    static ServeProcess start(Map<String, String> env, String... serveArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("serve"));
        args.addAll(List.of(serveArgs));
        Process process = startMain(env, false, args.toArray(String[]::new));
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        // The URL first, then the lines printed before it.
        BlockingQueue<List<String>> running = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            List<String> printed = new ArrayList<>();
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("Parley is running at ")) {
                        printed.add(0, line.substring("Parley is running at ".length()).split(" ")[0]);
                        running.add(List.copyOf(printed));
                    }
                    printed.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        List<String> started = running.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (started == null) {
            process.destroyForcibly();
            throw new AssertionError("parley serve did not start within " + WAIT_SECONDS + " s");
        }
        return new ServeProcess(process, started.get(0), started.subList(1, started.size()));
    }

    /**
     * {@link Main} with {@code args} in a JVM of its own, the {@code PARLEY_*} variables of this JVM removed and
     * {@code env} added; stderr discarded, or merged into stdout ({@code mergeStderr}: what a user sees when it
     * fails to start).
     */
    static Process startMain(Map<String, String> env, boolean mergeStderr, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        if (mergeStderr) {
            builder.redirectErrorStream(true);
        } else {
            builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        builder.environment().keySet().removeIf(k -> k.startsWith("PARLEY_"));
        // No load balancer watches a test's server: a SIGTERM need not wait before closing the listener.
        builder.environment().put("PARLEY_DRAIN_READINESS_DELAY", "0s");
        builder.environment().putAll(env);
        return builder.start();
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
