package dev.parley.chat;

/**
 * The budget of a user's receipts (docs/chat.md, "Receipt limits"): {@code message:delivered} and {@code message:read}
 * that do work (a receipt for a message this node knows is delivered already is dropped first, uncharged: it costs
 * less than the charge) draw one token from a bucket per user (all their tabs, on every node of a cluster) that
 * holds {@code burst} tokens and gets {@code perSecond} back a second. An empty bucket answers {@code rate_limited}
 * with {@code retryAfter} (ms) when the receipt has an ack, and drops it when not, before the message is looked up.
 * Separate from the read budget ({@link ChatReadConfig}): a receipt's honest rate follows the messages the user
 * receives, hundreds at a reconnect, which would spend a budget of page requests. Immutable.
 *
 * @param burst receipts a user may send at once, after a pause. Default {@value #DEFAULT_BURST}.
 * @param perSecond receipts a user may send a second, sustained. Default {@value #DEFAULT_PER_SECOND}.
 */
public record ChatReceiptConfig(int burst, int perSecond) {
    /**
     * 1,000 receipts at once: two full {@code sync} pages ({@link ChatConfig#SYNC_PAGE} messages each) of messages
     * nobody else had received, or a private conversation of 1,000 unread messages opened at once.
     */
    public static final int DEFAULT_BURST = 1000;
    /**
     * 100 receipts a second: five times the most messages a second that the senders writing to one user can send
     * (the message limit, 20 per 10 s each, from 25 people at once), while a page that reads one message a second
     * sends one receipt.
     */
    public static final int DEFAULT_PER_SECOND = 100;
    /** Every default. */
    public static final ChatReceiptConfig DEFAULTS = new ChatReceiptConfig(DEFAULT_BURST, DEFAULT_PER_SECOND);

    public ChatReceiptConfig {
        if (burst <= 0 || perSecond <= 0) {
            throw new IllegalArgumentException("the receipt budget's burst and rate must be positive");
        }
    }
}
