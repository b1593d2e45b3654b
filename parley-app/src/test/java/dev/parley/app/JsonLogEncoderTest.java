package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonLogEncoderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LoggingEvent event(String message, Throwable error, Object... args) {
        LoggerContext context = new LoggerContext();
        LoggingEvent event = new LoggingEvent("fqcn", context.getLogger("dev.parley.Test"), Level.WARN, message, error, args);
        event.setThreadName("worker \"1\"");
        event.setTimeStamp(1_796_612_932_845L);
        return event;
    }

    @Test
    void anEventIsOneLineOfJsonWithAnIsoTimestampAndTheFormattedMessage() throws IOException {
        byte[] line = new JsonLogEncoder().encode(event("a {} with \"quotes\"\nand a newline", null, "message"));
        String text = new String(line, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n").doesNotContain("\r").hasLineCount(1);
        JsonNode json = JSON.readTree(text);
        assertThat(json.get("timestamp").asText()).isEqualTo("2026-12-07T03:08:52.845Z");
        assertThat(json.get("level").asText()).isEqualTo("WARN");
        assertThat(json.get("logger").asText()).isEqualTo("dev.parley.Test");
        assertThat(json.get("thread").asText()).isEqualTo("worker \"1\"");
        assertThat(json.get("message").asText()).isEqualTo("a message with \"quotes\"\nand a newline");
        assertThat(json.has("exception")).isFalse();
    }

    @Test
    void anExceptionIsOneFieldWithItsStackAndCauses() throws IOException {
        Exception error = new IllegalStateException("outer", new java.io.IOException("inner"));
        String text = new String(new JsonLogEncoder().encode(event("failed", error)), StandardCharsets.UTF_8);
        assertThat(text).hasLineCount(1);
        String exception = JSON.readTree(text).get("exception").asText();
        assertThat(exception).startsWith("java.lang.IllegalStateException: outer")
                .contains("\tat dev.parley.app.JsonLogEncoderTest.anExceptionIsOneFieldWithItsStackAndCauses")
                .contains("Caused by: java.io.IOException: inner");
    }
}
