package dev.parley.adapter.redis;

/** Redis URIs as they may appear in logs: without their password. */
final class RedisUris {
    private RedisUris() {
    }

    /** {@code redis://user:secret@host} becomes {@code redis://user:***@host}. */
    static String redact(String uri) {
        int scheme = uri.indexOf("://");
        int at = uri.lastIndexOf('@');
        if (scheme < 0 || at < scheme) {
            return uri;
        }
        String credentials = uri.substring(scheme + 3, at);
        int colon = credentials.indexOf(':');
        String user = colon < 0 ? "" : credentials.substring(0, colon);
        return uri.substring(0, scheme + 3) + user + ":***" + uri.substring(at);
    }
}
