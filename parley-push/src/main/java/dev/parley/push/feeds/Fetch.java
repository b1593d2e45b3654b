package dev.parley.push.feeds;

/** What a successful poll brought back. */
sealed interface Fetch {
    /** 304: the upstream says the content did not change since the validators sent. */
    record NotModified() implements Fetch {
    }

    /**
     * 200 with a body that is one JSON value.
     *
     * @param json the body's text
     * @param sha256 the body's SHA-256, to tell a change from the same bytes served again
     * @param etag the {@code ETag} answered, or null
     * @param lastModified the {@code Last-Modified} answered, or null
     */
    record Content(String json, byte[] sha256, String etag, String lastModified) implements Fetch {
    }
}
