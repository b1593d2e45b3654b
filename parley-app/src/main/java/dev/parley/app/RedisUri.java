package dev.parley.app;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A Redis address as {@code --redis} takes it, in the form Lettuce reads: one server,
 * {@code redis://[[user:]password@]host[:port][/db]}, or a Redis Cluster by some of its nodes,
 * {@code redis://[[user:]password@]host1[:port1],host2[:port2]...} ({@code rediss://} for TLS in both). A
 * single host that is a Redis Cluster node is found to be one when connecting, not here. {@link #toString()} hides the password, so printing the
 * value ({@code --print-config}, logs, error messages) never shows it; only {@link #value()} has it, for the
 * connection. Immutable.
 */
record RedisUri(String value) {
    /** What stands in for the password wherever the URI is shown. */
    static final String HIDDEN = "***";

    /** Checks the scheme and the host; the message says what is wrong. */
    static RedisUri parse(String text) {
        String trimmed = text.trim();
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + redact(trimmed) + "' is not a URI: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw new IllegalArgumentException("'" + redact(trimmed)
                    + "' is not a Redis URI: expected redis://host:port or rediss://host:port");
        }
        if (uri.getHost() == null && !namesNodes(uri.getRawAuthority())) {
            throw new IllegalArgumentException("'" + redact(trimmed) + "' names no host: expected " + scheme
                    + "://host:port, or " + scheme + "://host1:port1,host2:port2 for a Redis Cluster");
        }
        return new RedisUri(trimmed);
    }

    /** Whether an authority java.net.URI could not read as one host is a list of host[:port], comma-separated. */
    private static boolean namesNodes(String authority) {
        if (authority == null || !authority.contains(",")) {
            return false;
        }
        String nodes = authority.substring(authority.lastIndexOf('@') + 1);
        for (String node : nodes.split(",", -1)) {
            try {
                URI one = new URI("redis://" + node);
                if (one.getHost() == null || one.getRawUserInfo() != null || one.getRawPath().length() > 0) {
                    return false;
                }
            } catch (URISyntaxException e) {
                return false;
            }
        }
        return true;
    }

    /** The password of the URI, or "" (in Lettuce's reading, user info without a colon is a password). */
    String password() {
        String userInfo = userInfo(value);
        if (userInfo == null) {
            return "";
        }
        int colon = userInfo.indexOf(':');
        return colon < 0 ? userInfo : userInfo.substring(colon + 1);
    }

    /** The text with every occurrence of the password hidden: for messages that might quote it. */
    String scrub(String text) {
        String password = password();
        return password.isEmpty() || text == null ? text : text.replace(password, HIDDEN);
    }

    /** {@code redis://user:secret@host:6379} as {@code redis://user:***@host:6379}. */
    @Override
    public String toString() {
        return redact(value);
    }

    private static String redact(String uri) {
        String userInfo = userInfo(uri);
        if (userInfo == null) {
            return uri;
        }
        int colon = userInfo.indexOf(':');
        String user = colon < 0 ? "" : userInfo.substring(0, colon);
        int start = uri.indexOf("://") + 3;
        return uri.substring(0, start) + user + ":" + HIDDEN + uri.substring(start + userInfo.length());
    }

    /** What lies between {@code ://} and the authority's last {@code @} (the authority ends at / ? #), or null. */
    private static String userInfo(String uri) {
        int start = uri.indexOf("://");
        if (start < 0) {
            return null;
        }
        start += 3;
        int end = start;
        while (end < uri.length() && "/?#".indexOf(uri.charAt(end)) < 0) {
            end++;
        }
        String authority = uri.substring(start, end);
        int at = authority.lastIndexOf('@');
        return at < 0 ? null : authority.substring(0, at);
    }

    /** The picocli converter of {@code --redis}. */
    static final class Converter implements ITypeConverter<RedisUri> {
        @Override
        public RedisUri convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
