package dev.parley.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Node.js peers kept in {@code parley-testkit/node}: real npm packages (pinned in its
 * {@code package-lock.json}), installed with {@code npm ci} once per JVM when missing or stale.
 */
public final class NodeScripts {
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
    private static final String TESTKIT_FOLDER = "parley-testkit/node";
    /** Folders installed (or found up to date) by this JVM. */
    private static final Set<String> installed = new HashSet<>();

    private NodeScripts() {
    }

    /** What a script printed and how it ended. */
    public record Result(int exitCode, List<String> lines, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + ", stdout " + lines + (stderr.isBlank() ? "" : ", stderr " + stderr);
        }
    }

    /** Runs {@code node <script> <args>} in the Node folder and waits for it, at most {@code timeout}. */
    public static Result run(Duration timeout, String script, String... args) {
        return run(timeout, Map.of(), script, args);
    }

    /** Like {@link #run(Duration, String, String...)}, with these variables added to the environment. */
    public static Result run(Duration timeout, Map<String, String> env, String script, String... args) {
        Path dir = installedDirectory();
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        return exec(dir, timeout, command, env);
    }

    /** The Node folder with its {@code node_modules} installed as the lock file says. */
    public static Path installedDirectory() {
        return installedDirectory(TESTKIT_FOLDER);
    }

    /**
     * Another Node folder of the repository ({@code folder}, relative to its root: the benchmark peers, which
     * some tests run as they are benchmarked) with its {@code node_modules} installed as its lock file says,
     * by {@code npm ci} once per JVM when missing or stale.
     */
    public static synchronized Path installedDirectory(String folder) {
        Path dir = directory(folder);
        if (!installed.contains(folder)) {
            Path marker = dir.resolve("node_modules/.package-lock.json");
            try {
                boolean stale = !Files.exists(marker)
                        || Files.getLastModifiedTime(marker).compareTo(
                                Files.getLastModifiedTime(dir.resolve("package-lock.json"))) < 0;
                if (stale) {
                    Result npm = exec(dir, INSTALL_TIMEOUT, List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of());
                    if (npm.exitCode() != 0) {
                        throw new IllegalStateException("npm ci failed in " + dir + ": " + npm);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            installed.add(folder);
        }
        return dir;
    }

    /** {@code folder} under the repository root, found from the module a test runs in (Maven sets the working directory). */
    private static Path directory(String folder) {
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve(folder);
            if (Files.isRegularFile(candidate.resolve("package.json"))) {
                return candidate;
            }
        }
        throw new IllegalStateException(folder + " not found above " + Paths.get("").toAbsolutePath());
    }

    private static Result exec(Path dir, Duration timeout, List<String> command, Map<String, String> env) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<String> stdout = drain(process.getInputStream());
            CompletableFuture<String> stderr = drain(process.getErrorStream());
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException(command + " did not finish within " + timeout
                        + "; stdout so far: " + stdout.getNow("") + " stderr: " + stderr.getNow(""));
            }
            List<String> lines = stdout.join().lines().toList();
            return new Result(process.exitValue(), lines, stderr.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command + " (is Node.js on the PATH?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Reads a stream to its end on its own thread, so that neither pipe can fill up and block the process. */
    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.complete("(unreadable: " + e + ")");
            }
        }, "node-output");
        reader.setDaemon(true);
        reader.start();
        return text;
    }
}
