package dev.parley.push.feeds;

/** Why a poll of a feed failed; {@link #wireName()} is what {@code GET /api/feeds} shows as the error's kind. */
public enum FeedError {
    /** No connection (refused, unknown host, TLS failure) or the connection broke. */
    UNREACHABLE("unreachable"),
    /** The poll took longer than the feed timeout. */
    TIMEOUT("timeout"),
    /** The upstream answered neither 200 nor 304. */
    HTTP_STATUS("http_status"),
    /** The upstream answered a redirect, which the relay does not follow. */
    REDIRECT("redirect"),
    /** The body was longer than the limit. */
    TOO_LARGE("too_large"),
    /** The body was not one JSON value in UTF-8. */
    INVALID_JSON("invalid_json"),
    /** The body was fine but the topics refused it (its {@code PushException} reason is in the message). */
    PUBLISH_REFUSED("publish_refused");

    private final String wireName;

    FeedError(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
