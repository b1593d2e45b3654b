package dev.parley.chat.internal;

import dev.parley.chat.ChatReadConfig;
import dev.parley.chat.cluster.UserRateLimit;
import dev.parley.socketio.EventHandler;
import dev.parley.socketio.SocketIoSocket;
import java.util.Locale;
import java.util.Map;

/**
 * The budget of a user's read requests ({@link ChatReadConfig}): a read event registered here takes a token from the
 * user's bucket (shared by all their tabs, and by every node of a cluster) before its handler runs; an empty bucket
 * answers {@code {ok: false, code: "rate_limited", error, retryAfter}} (milliseconds, as the message limit's), so
 * that nothing is looked up for a client that asks faster than the budget. A pure read sent without an ack is
 * dropped unanswered and uncharged: nobody would receive what it found. Thread-safe.
 */
public final class ReadBudget {
    private final UserRateLimit buckets;
    private final ChatReadConfig config;

    /** @param buckets the users' buckets, of {@code config}'s burst and rate */
    public ReadBudget(UserRateLimit buckets, ChatReadConfig config) {
        this.buckets = buckets;
        this.config = config;
    }

    /** Registers a read that only answers: without an ack it is dropped, else it is charged, then run. */
    public void on(SocketIoSocket socket, String me, String event, EventHandler handler) {
        socket.on(event, args -> {
            if (!args.hasAck()) {
                return;
            }
            Map<String, Object> refused = refusal(me);
            if (refused != null) {
                args.ack(refused);
                return;
            }
            handler.onEvent(args);
        });
    }

    /** Registers a read that also records something (a read mark): charged, then run, with or without an ack. */
    public void onCharged(SocketIoSocket socket, String me, String event, EventHandler handler) {
        socket.on(event, args -> {
            Map<String, Object> refused = refusal(me);
            if (refused != null) {
                args.ack(refused);
                return;
            }
            handler.onEvent(args);
        });
    }

    /** Takes a token of the user's; null if there was one, else the refusal with {@code retryAfter}. */
    Map<String, Object> refusal(String me) {
        if (buckets.tryAcquire(me)) {
            return null;
        }
        Map<String, Object> refused = ChatEvents.error("rate_limited", String.format(Locale.ROOT,
                "You are reading too fast: at most %d requests a second (%d at once)", config.perSecond(),
                config.burst()));
        refused.put("retryAfter", Math.max(1, buckets.retryAfter(me).toMillis()));
        return refused;
    }
}
