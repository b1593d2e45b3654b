package dev.parley.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.adapter.redis.wire.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class PendingRequestsTest {
    private final List<Runnable> timers = new ArrayList<>();
    private final PendingRequests<Response> requests = new PendingRequests<>((delay, task) -> timers.add(task));

    @Test
    void completesWhenAsManyAnswersAsServersArrived() {
        CompletableFuture<Integer> result = requests.start("r1", 2, Duration.ofSeconds(1), List::size,
                answers -> new TimeoutException("only " + answers.size()));
        assertThat(requests.isOwn("r1")).isTrue();
        requests.answer("r1", Response.done("r1"));
        assertThat(result).isNotDone();
        requests.answer("other", Response.done("other"));
        requests.answer("r1", Response.done("r1"));
        assertThat(result).isCompletedWithValue(2);
        assertThat(requests.isOwn("r1")).isFalse();
        timers.forEach(Runnable::run); // the timeout after completion changes nothing
        assertThat(result).isCompletedWithValue(2);
    }

    @Test
    void theTimeoutSettlesWithWhatArrived() {
        CompletableFuture<Integer> result = requests.start("r2", 3, Duration.ofSeconds(1), List::size,
                answers -> new TimeoutException("only " + answers.size()));
        requests.answer("r2", Response.done("r2"));
        timers.forEach(Runnable::run);
        assertThat(result).isCompletedExceptionally();
        assertThat(result.handle((v, e) -> e.getMessage()).join()).isEqualTo("only 1");
        requests.answer("r2", Response.done("r2")); // late: ignored
        assertThat(requests.isOwn("r2")).isFalse();
    }
}
