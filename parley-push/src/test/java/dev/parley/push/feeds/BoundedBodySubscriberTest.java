package dev.parley.push.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

class BoundedBodySubscriberTest {
    /** Counts what the subscriber asks for and whether it cancelled. */
    private static final class RecordingSubscription implements Flow.Subscription {
        long requested;
        boolean cancelled;

        @Override
        public void request(long n) {
            requested += n;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    private static List<ByteBuffer> bytes(int n) {
        return List.of(ByteBuffer.wrap(new byte[n]));
    }

    @Test
    void collectsABodyUpToTheLimitOneChunkAtATime() throws Exception {
        BoundedBodySubscriber body = new BoundedBodySubscriber(100, -1);
        RecordingSubscription s = new RecordingSubscription();
        body.onSubscribe(s);
        assertThat(s.requested).isEqualTo(1);
        body.onNext(bytes(60));
        body.onNext(List.of(ByteBuffer.wrap(new byte[30]), ByteBuffer.wrap(new byte[10])));
        assertThat(s.requested).isEqualTo(3);
        body.onComplete();
        assertThat(body.getBody().toCompletableFuture().get()).hasSize(100);
        assertThat(s.cancelled).isFalse();
    }

    @Test
    void theBytePastTheLimitCancelsAndFailsWithoutGrowingTheBuffer() {
        BoundedBodySubscriber body = new BoundedBodySubscriber(100, -1);
        RecordingSubscription s = new RecordingSubscription();
        body.onSubscribe(s);
        body.onNext(bytes(100));
        body.onNext(bytes(1));
        assertThat(s.cancelled).isTrue();
        assertThat(s.requested).isEqualTo(2); // nothing more asked after the refusal
        assertThat(body.capacity()).isLessThanOrEqualTo(100);
        CompletableFuture<byte[]> result = body.getBody().toCompletableFuture();
        assertThat(result).isCompletedExceptionally();
        try {
            result.get();
        } catch (ExecutionException | InterruptedException e) {
            assertThat(e.getCause()).isInstanceOfSatisfying(FeedFailure.class,
                    f -> assertThat(f.kind()).isEqualTo(FeedError.TOO_LARGE));
            assertThat(e.getCause()).hasMessage("the body is longer than the limit of 100 bytes (aborted after 100 bytes)");
        }
        body.onNext(bytes(1_000_000)); // a late chunk is ignored
        assertThat(body.capacity()).isLessThanOrEqualTo(100);
    }

    @Test
    void aDeclaredLengthSizesTheBufferOnceButNeverPastTheLimit() {
        assertThat(new BoundedBodySubscriber(100, 40).capacity()).isEqualTo(40);
        assertThat(new BoundedBodySubscriber(100, 1_000_000).capacity()).isEqualTo(100);
        assertThat(new BoundedBodySubscriber(1024 * 1024, -1).capacity()).isEqualTo(8 * 1024);
    }

    @Test
    void anAbortBeforeTheSubscriptionCancelsItWhenItComes() {
        BoundedBodySubscriber body = new BoundedBodySubscriber(100, -1);
        body.abort(new FeedFailure(FeedError.TIMEOUT, "late"));
        RecordingSubscription s = new RecordingSubscription();
        body.onSubscribe(s);
        assertThat(s.cancelled).isTrue();
        assertThat(s.requested).isZero();
        assertThat(body.getBody().toCompletableFuture()).isCompletedExceptionally();
    }
}
