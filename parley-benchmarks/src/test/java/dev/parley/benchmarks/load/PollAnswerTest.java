package dev.parley.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PollAnswerTest {
    private final List<String> events = new ArrayList<>();

    @Test
    void readsEventsLastIdAndGapInAnyOrder() throws IOException {
        PollAnswer.Summary summary = read("{\"gap\":true,\"lastId\":1733550000123458,\"events\":["
                + "{\"id\":1733550000123457,\"topic\":\"bench\",\"data\":\"@00ff\"},"
                + "{\"data\":{\"nested\":[1,2]},\"topic\":\"bench\",\"id\":1733550000123458}],\"more\":{\"x\":[]}}");
        assertThat(events).containsExactly("1733550000123457 @00ff", "1733550000123458 null");
        assertThat(summary).isEqualTo(new PollAnswer.Summary(1733550000123458L, true));
    }

    @Test
    void anEmptyAnswerHasNoEvents() throws IOException {
        assertThat(read("{\"events\":[],\"lastId\":0,\"gap\":false}")).isEqualTo(new PollAnswer.Summary(0, false));
        assertThat(events).isEmpty();
    }

    @Test
    void refusesWhatIsNotAnAnswer() {
        assertThatThrownBy(() -> read("[1]")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> read("{\"events\":{}}")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> read("{\"events\":[1]}")).isInstanceOf(IOException.class);
    }

    private PollAnswer.Summary read(String json) throws IOException {
        return PollAnswer.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                (id, data) -> events.add(id + " " + data));
    }
}
