package dev.parley.push.feeds;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One upstream feed: its name (published to topic {@code feed:<name>}), the HTTP(S) URL polled and how often.
 *
 * @param name letters, digits, {@code _ . -}, starting with a letter or digit, at most 64 characters
 * @param url an absolute {@code http} or {@code https} URL with a host
 * @param every the pause between the end of one poll and the start of the next while the feed is healthy;
 *              at least {@link #MIN_EVERY} (1 s)
 */
public record FeedSpec(String name, URI url, Duration every) {
    /** The default of {@code every}: 30 s. */
    public static final Duration DEFAULT_EVERY = Duration.ofSeconds(30);
    /** The shortest {@code every} allowed: 1 s, so a typo cannot hammer an upstream. */
    public static final Duration MIN_EVERY = Duration.ofSeconds(1);
    /** The prefix of a feed's topic. */
    public static final String TOPIC_PREFIX = "feed:";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    public FeedSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(every, "every");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("feed name '" + name + "': use letters, digits, '_', '.', '-' "
                    + "(at most 64, starting with a letter or digit)");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new IllegalArgumentException("feed " + name + ": '" + url + "' is not an absolute http(s) URL "
                    + "with a host");
        }
        if (url.getRawFragment() != null) {
            throw new IllegalArgumentException("feed " + name + ": the URL has a fragment ('#...'), which is "
                    + "never sent to a server");
        }
        if (every.compareTo(MIN_EVERY) < 0) {
            throw new IllegalArgumentException("feed " + name + ": every=" + every.toMillis() + "ms is below the "
                    + "minimum of " + MIN_EVERY.toSeconds() + " s");
        }
    }

    /** With {@link #DEFAULT_EVERY}. */
    public static FeedSpec of(String name, URI url) {
        return new FeedSpec(name, url, DEFAULT_EVERY);
    }

    /** As {@code --feed} takes it, with the URL as {@link #displayUrl()} shows it: safe to print. */
    @Override
    public String toString() {
        return name + "=" + displayUrl() + ",every=" + every.toMillis() + "ms";
    }

    /** {@code feed:<name>}. */
    public String topic() {
        return TOPIC_PREFIX + name;
    }

    /**
     * The URL as shown in {@code GET /api/feeds} and in logs, which anyone may read: without user information,
     * and with every query value masked ({@code ?key=***}), since API keys often travel there.
     */
    public String displayUrl() {
        StringBuilder shown = new StringBuilder(url.getScheme()).append("://").append(url.getHost());
        if (url.getPort() >= 0) {
            shown.append(':').append(url.getPort());
        }
        shown.append(url.getRawPath() == null ? "" : url.getRawPath());
        String query = url.getRawQuery();
        if (query != null) {
            shown.append('?');
            String[] pairs = query.split("&", -1);
            for (int i = 0; i < pairs.length; i++) {
                int eq = pairs[i].indexOf('=');
                shown.append(i > 0 ? "&" : "").append(eq < 0 ? pairs[i] : pairs[i].substring(0, eq) + "=***");
            }
        }
        return shown.toString();
    }
}
