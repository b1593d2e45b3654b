package dev.parley.push.feeds;

/** A failed poll: its kind and a message a person can act on (no URL query, no secret). */
final class FeedFailure extends Exception {
    private final FeedError kind;

    FeedFailure(FeedError kind, String message) {
        super(message, null, false, false); // the stack of a routine failure helps nobody
        this.kind = kind;
    }

    FeedError kind() {
        return kind;
    }
}
