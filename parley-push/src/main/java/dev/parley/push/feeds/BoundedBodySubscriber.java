package dev.parley.push.feeds;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body of at most {@code maxBytes}, asking for one chunk at a time: the byte past the
 * limit cancels the subscription (the connection closes) and fails the body with {@link FeedError#TOO_LARGE},
 * so no more than {@code maxBytes} of a body is ever held. {@link #abort} ends it from outside (the poll's
 * deadline). The HttpClient calls the {@code on*} methods one at a time; {@link #abort} may come from any thread.
 */
final class BoundedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {
    private static final int FIRST_CAPACITY = 8 * 1024;

    private final int maxBytes;
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    private byte[] buffer;
    private int size;

    /** @param expectedBytes the declared length when known (sizes the buffer once), else -1 */
    BoundedBodySubscriber(int maxBytes, long expectedBytes) {
        this.maxBytes = maxBytes;
        int first = expectedBytes >= 0 ? (int) Math.min(expectedBytes, maxBytes) : Math.min(FIRST_CAPACITY, maxBytes);
        this.buffer = new byte[first];
    }

    /** A body already refused (its declared length is over the limit): cancelled as soon as it is offered. */
    static BoundedBodySubscriber refused(FeedFailure why) {
        BoundedBodySubscriber refused = new BoundedBodySubscriber(0, 0);
        refused.body.completeExceptionally(why);
        return refused;
    }

    /** A body not wanted (an error page, a redirect): cancelled as soon as it is offered, empty. */
    static BoundedBodySubscriber skipped() {
        BoundedBodySubscriber skipped = new BoundedBodySubscriber(0, 0);
        skipped.body.complete(new byte[0]);
        return skipped;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (body.isDone()) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (body.isDone()) {
            return;
        }
        for (ByteBuffer item : items) {
            int n = item.remaining();
            if (n > maxBytes - size) {
                abort(new FeedFailure(FeedError.TOO_LARGE, "the body is longer than the limit of " + maxBytes
                        + " bytes (aborted after " + size + " bytes)"));
                return;
            }
            ensureCapacity(size + n);
            item.get(buffer, size, n);
            size += n;
        }
        subscription.request(1);
    }

    private void ensureCapacity(int needed) {
        if (needed > buffer.length) {
            int doubled = (int) Math.min((long) buffer.length * 2, maxBytes);
            buffer = Arrays.copyOf(buffer, Math.max(needed, doubled));
        }
    }

    @Override
    public void onError(Throwable error) {
        body.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        body.complete(size == buffer.length ? buffer : Arrays.copyOf(buffer, size));
    }

    /** Fails the body with {@code why} and cancels the subscription (at once, or when it arrives). */
    void abort(FeedFailure why) {
        body.completeExceptionally(why);
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    /** The capacity held for the body so far: never more than the limit. */
    int capacity() {
        return buffer.length;
    }
}
