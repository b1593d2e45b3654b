package dev.parley.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A long-running Node.js peer from {@code parley-testkit/node} that a test talks to line by line: commands
 * on its stdin, observations on its stdout (one per line, kept in order), stderr kept for failure messages.
 * Close it to kill the process.
 */
public final class NodeProcess implements AutoCloseable {
    private final Process process;
    private final Writer stdin;
    private final List<String> lines = new ArrayList<>();
    private final StringBuilder stderr = new StringBuilder();
    private boolean stdoutEnded;

    private NodeProcess(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        reader(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)), false);
        reader(new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)), true);
    }

    /** Starts {@code node <script> <args>} in the Node folder with these variables added to its environment. */
    public static NodeProcess start(Map<String, String> env, String script, String... args) {
        return start(NodeScripts.installedDirectory(), env, script, args);
    }

    /**
     * Starts {@code node <script> <args>} in {@code directory} (another installed Node folder, see
     * {@link NodeScripts#installedDirectory(String)}) with these variables added to its environment.
     */
    public static NodeProcess start(Path directory, Map<String, String> env, String script, String... args) {
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
            builder.environment().putAll(env);
            return new NodeProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Writes one line to its stdin. */
    public synchronized void send(String line) {
        try {
            stdin.write(line);
            stdin.write('\n');
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the Node process is gone; stderr: " + stderr(), e);
        }
    }

    /**
     * The first line printed since the last one this method returned that matches, waiting up to
     * {@code timeout}; lines that do not match stay available to later calls with other predicates.
     */
    public String await(Predicate<String> matches, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (true) {
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    if (line != null && matches.test(line)) {
                        lines.set(i, null);
                        return line;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no matching line from Node within " + timeout + "; printed: "
                            + lines.stream().filter(l -> l != null).toList() + "; stderr: " + stderr());
                }
                if (stdoutEnded) {
                    throw new AssertionError("the Node process ended its output; stderr: " + stderr());
                }
                TimeUnit.NANOSECONDS.timedWait(lines, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
            }
        }
    }

    /** Every line printed so far that matches (and was not taken by {@link #await}), without waiting. */
    public List<String> printed(Predicate<String> matches) {
        synchronized (lines) {
            return lines.stream().filter(l -> l != null && matches.test(l)).toList();
        }
    }

    public String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The process id, e.g. to {@code kill -9} it. */
    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void reader(BufferedReader in, boolean errors) {
        Thread thread = new Thread(() -> {
            try (in) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (errors) {
                        synchronized (stderr) {
                            stderr.append(line).append('\n');
                        }
                    } else {
                        synchronized (lines) {
                            lines.add(line);
                            lines.notifyAll();
                        }
                    }
                }
            } catch (IOException e) {
                // the process ended
            } finally {
                synchronized (lines) {
                    if (!errors) {
                        stdoutEnded = true;
                    }
                    lines.notifyAll();
                }
            }
        }, errors ? "node-stderr" : "node-stdout");
        thread.setDaemon(true);
        thread.start();
    }
}
