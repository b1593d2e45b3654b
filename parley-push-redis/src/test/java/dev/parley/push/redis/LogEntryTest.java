package dev.parley.push.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.push.TopicName;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Log entries as Redis sends them: every size checked at its limit and one past it, before anything decodes. */
class LogEntryTest {
    private static final int MAX_DATA = 16;

    @Test
    void anEntryOfThePublishScriptIsAnEventAndItsPreviousId() throws Exception {
        LogEntry.Decoded decoded = LogEntry.decode("1781000000000000-0",
                fields("prices", "{\"p\":1}", "1780999999999999", "1781000000000"), MAX_DATA);

        assertThat(decoded.event().topic()).isEqualTo("prices");
        assertThat(decoded.event().id()).isEqualTo(1781000000000000L);
        assertThat(decoded.event().data()).isEqualTo("{\"p\":1}");
        assertThat(decoded.event().publishedAtMillis()).isEqualTo(1781000000000L);
        assertThat(decoded.previousId()).isEqualTo(1780999999999999L);
    }

    @Test
    void dataAtTheBoundDecodesAndOneBytePastItIsRefused() throws Exception {
        String atBound = "\"" + "x".repeat(MAX_DATA - 2) + "\"";
        assertThat(LogEntry.decode("5-0", fields("t", atBound, "4", "1"), MAX_DATA).event().data()).isEqualTo(atBound);

        String pastBound = "\"" + "x".repeat(MAX_DATA - 1) + "\"";
        assertThatThrownBy(() -> LogEntry.decode("5-0", fields("t", pastBound, "4", "1"), MAX_DATA))
                .isInstanceOf(LogEntry.LogEntryException.class).hasMessageContaining("17 bytes of data");
        // Bytes, not chars: "é" is two bytes in UTF-8.
        String wide = "\"" + "é".repeat(8) + "\"";
        assertThatThrownBy(() -> LogEntry.decode("5-0", fields("t", wide, "4", "1"), MAX_DATA))
                .isInstanceOf(LogEntry.LogEntryException.class);
    }

    @Test
    void aTopicAtItsLengthDecodesAndOnePastOrInvalidIsRefused() throws Exception {
        String longest = "t".repeat(TopicName.MAX_LENGTH);
        assertThat(LogEntry.decode("5-0", fields(longest, "1", "4", "1"), MAX_DATA).event().topic()).isEqualTo(longest);
        assertThatThrownBy(() -> LogEntry.decode("5-0", fields(longest + "t", "1", "4", "1"), MAX_DATA))
                .isInstanceOf(LogEntry.LogEntryException.class);
        assertThatThrownBy(() -> LogEntry.decode("5-0", fields("no spaces", "1", "4", "1"), MAX_DATA))
                .isInstanceOf(LogEntry.LogEntryException.class);
    }

    @Test
    void entriesThePublishScriptDidNotWriteAreRefused() {
        assertThatThrownBy(() -> LogEntry.decode("5-1", fields("t", "1", "4", "1"), MAX_DATA))
                .hasMessageContaining("not <id>-0");
        assertThatThrownBy(() -> LogEntry.decode("5-0", fields("t", "1", "-4", "1"), MAX_DATA))
                .hasMessageContaining("not a number");
        assertThatThrownBy(() -> LogEntry.decode("5-0", fields("t", "1", "1".repeat(20), "1"), MAX_DATA))
                .hasMessageContaining("19 digits");
        Map<byte[], byte[]> missing = fields("t", "1", "4", "1");
        missing.keySet().removeIf(name -> name[0] == 'd');
        assertThatThrownBy(() -> LogEntry.decode("5-0", missing, MAX_DATA)).hasMessageContaining("lacks");
        Map<byte[], byte[]> many = fields("t", "1", "4", "1");
        for (int i = 0; i < 13; i++) {
            many.put(("x" + i).getBytes(StandardCharsets.UTF_8), new byte[0]);
        }
        assertThatThrownBy(() -> LogEntry.decode("5-0", many, MAX_DATA)).hasMessageContaining("17 fields");
    }

    private static Map<byte[], byte[]> fields(String topic, String data, String previous, String millis) {
        Map<byte[], byte[]> fields = new LinkedHashMap<>();
        fields.put(bytes("t"), bytes(topic));
        fields.put(bytes("d"), bytes(data));
        fields.put(bytes("p"), bytes(previous));
        fields.put(bytes("m"), bytes(millis));
        return fields;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
