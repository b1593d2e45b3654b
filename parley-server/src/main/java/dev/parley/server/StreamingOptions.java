package dev.parley.server;

import java.util.Objects;

/**
 * Options of a streaming route ({@link ParleyServer#addStreamingRoute}). Immutable; build with
 * {@link #builder()}.
 *
 * @param maxBufferedBytes bytes a stream may have written and not yet sent (the client reads slower than the
 *     stream is written) before it is closed as a slow consumer. Default {@value #DEFAULT_MAX_BUFFERED_BYTES}.
 * @param errors how the server words the refusals it makes for the route (a body sent to it: 413, its head
 *     check failing: 500, the server stopping before an answer: 503). Default {@link HttpErrorBody#TEXT}.
 */
public record StreamingOptions(long maxBufferedBytes, HttpErrorBody errors) {
    public static final long DEFAULT_MAX_BUFFERED_BYTES = 1_048_576;

    public StreamingOptions {
        if (maxBufferedBytes < 1) {
            throw new IllegalArgumentException("maxBufferedBytes must be positive: " + maxBufferedBytes);
        }
        Objects.requireNonNull(errors, "errors");
    }

    public static StreamingOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link StreamingOptions}. */
    public static final class Builder {
        private long maxBufferedBytes = DEFAULT_MAX_BUFFERED_BYTES;
        private HttpErrorBody errors = HttpErrorBody.TEXT;

        private Builder() {
        }

        public Builder maxBufferedBytes(long bytes) {
            this.maxBufferedBytes = bytes;
            return this;
        }

        public Builder errors(HttpErrorBody errors) {
            this.errors = errors;
            return this;
        }

        public StreamingOptions build() {
            return new StreamingOptions(maxBufferedBytes, errors);
        }
    }
}
