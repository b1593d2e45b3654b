package dev.parley.benchmarks.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The load generator ({@code LoadMain}) in a JVM of its own, so that its heap, GC and JIT never mix with
 * the harness's; its figures come back through its JSON report.
 */
final class Generator {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServerKind.Paths paths;
    private final Path dir;

    Generator(ServerKind.Paths paths, Path dir) {
        this.paths = paths;
        this.dir = dir;
    }

    /** A started generator run: wait for it, or read its JSON report once done. */
    final class Run {
        private final Process process;
        private final Path json;
        private final Path log;

        private Run(Process process, Path json, Path log) {
            this.process = process;
            this.json = json;
            this.log = log;
        }

        JsonNode await(long timeoutSeconds) throws IOException, InterruptedException {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IOException("generator still running after " + timeoutSeconds + " s: see " + log);
            }
            if (!Files.exists(json)) {
                throw new IOException("generator wrote no report (exit " + process.exitValue() + "): see " + log);
            }
            return JSON.readTree(json.toFile());
        }

        boolean isAlive() {
            return process.isAlive();
        }
    }

    Run start(String name, List<String> scenarioArgs) throws IOException {
        Files.createDirectories(dir);
        Path json = dir.resolve(name + ".json");
        Path log = dir.resolve(name + ".txt");
        Files.deleteIfExists(json);
        List<String> command = new ArrayList<>(List.of(paths.java(), "-Xms2g", "-Xmx2g",
                "-cp", paths.benchmarksJar().toString(), "dev.parley.benchmarks.load.LoadMain"));
        command.addAll(scenarioArgs);
        command.add("--json");
        command.add(json.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new Run(process, json, log);
    }
}
