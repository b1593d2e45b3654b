package dev.parley.benchmarks.load;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;

/** Why a connection never became ready, in a few words that group failures in the report. */
final class ConnectFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ConnectFailure(String reason) {
        super(reason, null, false, false);
    }

    /** A short, stable description of a connect-time exception: its type and message, without addresses. */
    static String describe(Throwable cause) {
        if (cause instanceof ConnectException) {
            String message = String.valueOf(cause.getMessage());
            int address = message.indexOf(": /");
            return "connect: " + (address > 0 ? message.substring(0, address) : message);
        }
        if (cause instanceof ClosedChannelException) {
            return "channel closed";
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
