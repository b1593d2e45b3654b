package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code --log-format}: a real {@code parley serve} from start to SIGTERM. With json every log line is one JSON
 * object with the documented fields; with text (the default) the lines stay readable text.
 */
class LogFormatProcessIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUNNING = "Parley is running at ";

    @Test
    void jsonGivesOneObjectPerLineWithTheDocumentedFields() throws Exception {
        List<String> logs = logsOfOneRun("--log-format", "json");
        assertThat(logs).isNotEmpty();
        List<JsonNode> events = new ArrayList<>();
        for (String line : logs) {
            JsonNode event = JSON.readTree(line); // throws if a line is not JSON
            assertThat(event.isObject()).as(line).isTrue();
            assertThat(event.fieldNames()).toIterable().as(line)
                    .containsExactly("timestamp", "level", "logger", "thread", "message");
            Instant.parse(event.get("timestamp").asText()); // ISO-8601
            events.add(event);
        }
        assertThat(events).anySatisfy(e -> {
            assertThat(e.get("logger").asText()).isEqualTo("dev.parley.server.ParleyServer");
            assertThat(e.get("level").asText()).isEqualTo("INFO");
            assertThat(e.get("thread").asText()).isEqualTo("main");
            assertThat(e.get("message").asText()).startsWith("Parley listening on http://127.0.0.1:");
        });
        assertThat(events).anySatisfy(e -> assertThat(e.get("message").asText()).startsWith("Draining:"));
    }

    @Test
    void textIsTheDefaultAndReadable() throws Exception {
        List<String> logs = logsOfOneRun();
        assertThat(logs).anySatisfy(line -> assertThat(line)
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\S* \\[main\\] INFO dev\\.parley\\.server\\.ParleyServer"
                        + " - Parley listening on http://127\\.0\\.0\\.1:\\d+ .*"));
        assertThat(logs).noneSatisfy(line -> assertThat(line).startsWith("{"));
    }

    /** The log lines (stderr) of {@code serve --app echo} started, then stopped with SIGTERM. */
    private static List<String> logsOfOneRun(String... args) throws Exception {
        List<String> serveArgs = new ArrayList<>(List.of("serve"));
        serveArgs.addAll(List.of(args));
        Process process = ServeProcess.startMain(Map.of("PARLEY_APP", "echo", "PARLEY_PORT", "0"), true,
                serveArgs.toArray(String[]::new));
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(RUNNING)) {
                    // SIGTERM (the drain logs too) by kill: Process.destroy() would close the stream being read.
                    new ProcessBuilder("kill", "-TERM", String.valueOf(process.pid())).start().waitFor();
                    continue; // stdout, not a log line
                }
                lines.add(line);
            }
        } finally {
            if (!process.waitFor(ServeProcess.WAIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        assertThat(process.exitValue()).isZero();
        return lines;
    }
}
