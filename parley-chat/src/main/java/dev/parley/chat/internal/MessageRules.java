package dev.parley.chat.internal;

import dev.parley.chat.ChatConfig;
import java.util.Locale;
import java.util.Map;

/**
 * The rules every text a user writes must pass, whether a new message's or an edit's (docs/chat.md, "Events"):
 * not empty unless a file goes with it, at most {@link ChatConfig#maxMessageLength()} characters, no control
 * characters; and one rate limit per user ({@link ChatConfig#rateLimitMessages()} per window) shared by sending,
 * editing and deleting, since each of them reaches everyone in the conversation. Thread-safe.
 */
final class MessageRules {
    private final ChatConfig config;
    private final RateLimiter rateLimiter;

    MessageRules(ChatConfig config) {
        this.config = config;
        this.rateLimiter = new RateLimiter(config.rateLimitMessages(), config.rateLimitWindow(), System::nanoTime);
    }

    /** The refusal of a text (already stripped), or null if it may be stored; {@code attached}: a file goes with it. */
    Map<String, Object> textProblem(String text, boolean attached) {
        if (text.isBlank() && !attached) {
            return ChatEvents.error("empty_message", "Write something first");
        }
        int length = text.codePointCount(0, text.length());
        if (length > config.maxMessageLength()) {
            return ChatEvents.error("too_long", String.format(Locale.ROOT, "Too long: %,d characters, %,d characters max",
                    length, config.maxMessageLength()));
        }
        if (ChatEvents.hasControlCharacters(text)) {
            return ChatEvents.error("invalid_text", "A message cannot contain control characters (line breaks and tabs are fine)");
        }
        return null;
    }

    /**
     * Counts one message (or edit, or deletion) of the user; over the limit, the refusal with {@code retryAfter},
     * the milliseconds until the next one passes, so that a client can hold the rest and send them then.
     */
    Map<String, Object> rateProblem(String user) {
        if (rateLimiter.tryAcquire(user)) {
            return null;
        }
        long wait = Math.max(1, rateLimiter.retryAfter(user).toMillis());
        Map<String, Object> refused = ChatEvents.error("rate_limited", String.format(Locale.ROOT,
                "You are sending too fast: at most %d messages per %d s", config.rateLimitMessages(),
                config.rateLimitWindow().toSeconds()));
        refused.put("retryAfter", wait);
        return refused;
    }
}
