package dev.parley.push;

import java.util.regex.Pattern;

/**
 * What a topic may be called: letters, digits and {@code _ . : @ / -}, starting with a letter or digit, at most
 * 200 characters ({@code prices}, {@code feed:movies}, {@code user:42}). Safe in a URL path segment, an SSE
 * event name and a Redis key.
 */
public final class TopicName {
    public static final int MAX_LENGTH = 200;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:@/-]{0," + (MAX_LENGTH - 1) + "}");

    private TopicName() {
    }

    public static boolean isValid(String name) {
        return name != null && name.length() <= MAX_LENGTH && VALID.matcher(name).matches();
    }
}
