package dev.parley.push;

import java.util.Collection;
import java.util.List;

/**
 * A topic name, or a prefix followed by {@code *} that matches every topic starting with it: {@code prices}
 * matches only {@code prices}; {@code user:*} matches {@code user:42} and {@code user:}; {@code *} matches
 * every topic. Used by {@code --private-topics} and by the JWT claims of docs/push.md ("Authorization").
 * Immutable.
 */
public final class TopicPattern {
    private final String text;
    private final String prefix;
    private final boolean wildcard;

    private TopicPattern(String text, String prefix, boolean wildcard) {
        this.text = text;
        this.prefix = prefix;
        this.wildcard = wildcard;
    }

    /**
     * Reads a pattern; refuses one with a {@code *} anywhere but at the end, or whose name (or prefix) has
     * characters a topic cannot have ({@link TopicName}).
     */
    public static TopicPattern parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("a topic pattern is a topic name or a prefix ending in *: got nothing");
        }
        boolean wildcard = text.endsWith("*");
        String prefix = wildcard ? text.substring(0, text.length() - 1) : text;
        // The prefix is checked as a topic name would be; an empty prefix ("*") matches everything.
        if (prefix.indexOf('*') >= 0 || (!prefix.isEmpty() && !TopicName.isValid(prefix))) {
            throw new IllegalArgumentException("a topic pattern is a topic name, or a prefix of one followed by a "
                    + "single * at the end (user:*): got " + (text.length() > 40 ? text.substring(0, 40) + "..." : text));
        }
        return new TopicPattern(text, prefix, wildcard);
    }

    /** Each of {@code texts} read with {@link #parse}. */
    public static List<TopicPattern> parseAll(Collection<String> texts) {
        return texts.stream().map(TopicPattern::parse).toList();
    }

    /** Whether any of {@code patterns} matches {@code topic}. */
    public static boolean anyMatches(List<TopicPattern> patterns, String topic) {
        for (TopicPattern pattern : patterns) {
            if (pattern.matches(topic)) {
                return true;
            }
        }
        return false;
    }

    public boolean matches(String topic) {
        return wildcard ? topic.startsWith(prefix) : topic.equals(prefix);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopicPattern other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** The pattern as written. */
    @Override
    public String toString() {
        return text;
    }
}
