package dev.parley.app;

import dev.parley.chat.ChatReceiptConfig;
import picocli.CommandLine.Option;

/**
 * The budget of each chat user's receipts ({@code message:delivered}, {@code message:read}), mixed into
 * {@code parley serve}. Defaults are {@link ChatReceiptConfig}'s ({@link ChatReceiptConfig#DEFAULTS}).
 */
final class ChatReceiptOptions {
    @Option(names = "--receipt-burst", defaultValue = "${env:PARLEY_RECEIPT_BURST:-1000}",
            description = "Chat: receipts (message:delivered, message:read) a user may send at once, all tabs and "
                    + "nodes together, then rate_limited (env PARLEY_RECEIPT_BURST). Default: ${DEFAULT-VALUE}")
    int burst;

    @Option(names = "--receipt-rate", defaultValue = "${env:PARLEY_RECEIPT_RATE:-100}",
            description = "Chat: receipts a user may send a second, sustained, once --receipt-burst is spent "
                    + "(env PARLEY_RECEIPT_RATE). Default: ${DEFAULT-VALUE}")
    int perSecond;

    /** These options as the chat's receipt budget. */
    ChatReceiptConfig config() {
        return new ChatReceiptConfig(burst, perSecond);
    }
}
