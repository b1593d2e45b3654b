package dev.parley.push.feeds;

import java.net.http.HttpResponse;

/**
 * The body handler of one poll. The bodies of 200 and 203 are collected up to the limit (a larger declared
 * {@code Content-Length} is refused before a byte is read); any other answer's body is not read at all. Keeps
 * the subscriber it made, so that the poll's deadline can {@link #abort} it.
 */
final class BoundedBodyHandler implements HttpResponse.BodyHandler<byte[]> {
    private final int maxBytes;
    private volatile BoundedBodySubscriber current;
    private volatile FeedFailure aborted;

    BoundedBodyHandler(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Whether a response with this status carries the feed's content. */
    static boolean hasContent(int status) {
        return status == 200 || status == 203;
    }

    @Override
    public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo info) {
        BoundedBodySubscriber subscriber;
        long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (!hasContent(info.statusCode())) {
            // An error page or a redirect: only its status matters. Cancelling closes the connection.
            subscriber = BoundedBodySubscriber.skipped();
        } else if (declared > maxBytes) {
            subscriber = BoundedBodySubscriber.refused(new FeedFailure(FeedError.TOO_LARGE, "the declared "
                    + "Content-Length of " + declared + " bytes is over the limit of " + maxBytes + " bytes (not read)"));
        } else {
            subscriber = new BoundedBodySubscriber(maxBytes, declared);
        }
        current = subscriber;
        FeedFailure why = aborted;
        if (why != null) {
            subscriber.abort(why); // the deadline passed while the headers were being read
        }
        return subscriber;
    }

    /** Ends the body being read, or the one about to be. */
    void abort(FeedFailure why) {
        aborted = why;
        BoundedBodySubscriber s = current;
        if (s != null) {
            s.abort(why);
        }
    }
}
