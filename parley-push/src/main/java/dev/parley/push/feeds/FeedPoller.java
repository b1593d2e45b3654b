package dev.parley.push.feeds;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * One feed's HTTP side: makes a conditional GET ({@code If-None-Match} / {@code If-Modified-Since} from the
 * content last accepted), bounded in time (the whole exchange, by a deadline on the scheduler) and in bytes
 * ({@link BoundedBodyHandler}), and classifies the answer: {@link Fetch} or a {@link FeedFailure}. Redirects
 * are not followed (the client is built with {@link HttpClient.Redirect#NEVER}): a 3xx fails as
 * {@link FeedError#REDIRECT} naming the target. Used on the relay's scheduler thread; one poll at a time.
 */
final class FeedPoller {
    static final String USER_AGENT = "Parley-feed-relay";

    private final FeedSpec spec;
    private final HttpClient client;
    private final FeedRelayConfig config;
    private final FeedScheduler scheduler;
    private String etag;
    private String lastModified;
    private byte[] lastSha256;

    FeedPoller(FeedSpec spec, HttpClient client, FeedRelayConfig config, FeedScheduler scheduler) {
        this.spec = spec;
        this.client = client;
        this.config = config;
        this.scheduler = scheduler;
    }

    /** Starts a poll; the future fails with a {@link FeedFailure} (or is cancelled through {@link Poll#cancel}). */
    Poll poll() {
        HttpRequest.Builder request = HttpRequest.newBuilder(spec.url()).GET()
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT);
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        if (lastModified != null) {
            request.header("If-Modified-Since", lastModified);
        }
        BoundedBodyHandler body = new BoundedBodyHandler(config.maxBodyBytes());
        CompletableFuture<Fetch> result = new CompletableFuture<>();
        CompletableFuture<HttpResponse<byte[]>> exchange;
        try {
            exchange = client.sendAsync(request.build(), body);
        } catch (RuntimeException e) {
            result.completeExceptionally(new FeedFailure(FeedError.UNREACHABLE, describe(e)));
            return new Poll(result, () -> { });
        }
        FeedFailure late = new FeedFailure(FeedError.TIMEOUT, "no complete answer within "
                + config.timeout().toMillis() + " ms");
        Runnable abort = () -> {
            exchange.cancel(true);
            body.abort(late);
        };
        FeedScheduler.Cancellable deadline = scheduler.schedule(() -> {
            if (result.completeExceptionally(late)) {
                abort.run();
            }
        }, config.timeout());
        exchange.whenComplete((response, error) -> {
            deadline.cancel();
            try {
                result.complete(classify(response, error));
            } catch (FeedFailure f) {
                result.completeExceptionally(f);
            }
        });
        return new Poll(result, abort);
    }

    /** A poll under way: its outcome, and how to end it early (the relay stopping). */
    record Poll(CompletableFuture<Fetch> outcome, Runnable abort) {
        void cancel() {
            outcome.cancel(false);
            abort.run();
        }
    }

    private Fetch classify(HttpResponse<byte[]> response, Throwable error) throws FeedFailure {
        if (error != null) {
            throw failure(error);
        }
        int status = response.statusCode();
        if (status == 304) {
            return new Fetch.NotModified();
        }
        if (status >= 300 && status < 400) {
            String target = response.headers().firstValue("Location").map(this::shown).orElse("(no Location)");
            throw new FeedFailure(FeedError.REDIRECT, "HTTP " + status + " to " + target
                    + ": redirects are not followed, give the feed its new URL");
        }
        if (!BoundedBodyHandler.hasContent(status)) {
            throw new FeedFailure(FeedError.HTTP_STATUS, "HTTP " + status);
        }
        byte[] bytes = response.body();
        String json = FeedJson.validate(bytes);
        return new Fetch.Content(json, sha256(bytes), response.headers().firstValue("ETag").orElse(null),
                response.headers().firstValue("Last-Modified").orElse(null));
    }

    /** Whether {@code content} is the very content last accepted (same bytes). */
    boolean sameAsAccepted(Fetch.Content content) {
        return lastSha256 != null && Arrays.equals(lastSha256, content.sha256());
    }

    /**
     * Makes {@code content} the reference of the next polls: its validators are sent, and the same bytes again
     * are not a change. Called once it is published (a content that could not be published is fetched afresh).
     */
    void accept(Fetch.Content content) {
        lastSha256 = content.sha256();
        etag = content.etag();
        lastModified = content.lastModified();
    }

    private String shown(String location) {
        try {
            URI target = spec.url().resolve(location);
            return target.getScheme() != null && target.getHost() != null
                    ? new FeedSpec(spec.name(), target, spec.every()).displayUrl() : "an unusable Location";
        } catch (IllegalArgumentException e) {
            return "an unusable Location";
        }
    }

    private FeedFailure failure(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException
                || (cause instanceof IOException && cause.getCause() instanceof FeedFailure))
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof FeedFailure f) {
            return f;
        }
        if (cause instanceof HttpTimeoutException) {
            return new FeedFailure(FeedError.TIMEOUT, describe(cause));
        }
        if (cause instanceof CancellationException) {
            return new FeedFailure(FeedError.UNREACHABLE, "the poll was cancelled");
        }
        if (cause instanceof ConnectException) {
            int port = spec.url().getPort() >= 0 ? spec.url().getPort()
                    : spec.url().getScheme().equalsIgnoreCase("https") ? 443 : 80;
            return new FeedFailure(FeedError.UNREACHABLE, "cannot connect to " + spec.url().getHost() + ":" + port
                    + " (" + describe(cause) + ")");
        }
        return new FeedFailure(FeedError.UNREACHABLE, describe(cause));
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        String type = t.getClass().getSimpleName();
        return message == null || message.isBlank() ? type : type + ": " + message;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e); // Java SE requires it
        }
    }
}
