package dev.parley.chat.internal;

import dev.parley.chat.ChatReceiptConfig;
import dev.parley.chat.cluster.PresenceRegistry;
import dev.parley.chat.cluster.UserRateLimit;
import dev.parley.chat.store.ChatMessage;
import dev.parley.chat.store.ChatStore;
import dev.parley.socketio.EventArgs;
import dev.parley.socketio.SocketIoServer;
import dev.parley.socketio.SocketIoSocket;
import java.util.Locale;
import java.util.Map;

/**
 * The receipts {@code message:delivered} and {@code message:read} (docs/chat.md, "Receipt limits"): a recipient's
 * client acknowledged (or read) a message, so the sender's tabs are told, once. Each receipt that would do work takes
 * a token from the user's receipt bucket ({@link ChatReceiptConfig}) before the message is looked up; an empty bucket
 * answers {@code {ok: false, code: "rate_limited", error, retryAfter}} (ms, the shape of the other limits) to a
 * receipt with an ack, and drops one without. A {@code message:delivered} for a message this node knows is delivered
 * is dropped first, uncharged: in a room of 100 each message gets 99, of which only the first changes anything, and
 * the charge (a round trip to Redis in a cluster) would cost more than the receipt. A receipt with an ack is answered
 * {@code {ok: true}} once handled, whether it changed anything or not. Runs on the socket's handler thread (it calls
 * the blocking store). Thread-safe.
 */
final class Receipts {
    /** Message ids whose delivered mark is remembered (about 50 s of messages at 200 a second; 10,000 cost about 1 MB). */
    private static final int DELIVERED_MARKS_KEPT = 10_000;

    private final SocketIoServer io;
    private final ChatStore store;
    private final PresenceRegistry presence;
    private final UserRateLimit buckets;
    private final ChatReceiptConfig config;
    private final DeliveredMarks delivered = new DeliveredMarks(DELIVERED_MARKS_KEPT);

    /** @param buckets the users' receipt buckets, of {@code config}'s burst and rate */
    Receipts(SocketIoServer io, ChatStore store, PresenceRegistry presence, UserRateLimit buckets,
            ChatReceiptConfig config) {
        this.io = io;
        this.store = store;
        this.presence = presence;
        this.buckets = buckets;
        this.config = config;
    }

    void install(SocketIoSocket socket, String me) {
        socket.on("message:delivered", args -> receipt(me, args, false));
        socket.on("message:read", args -> receipt(me, args, true));
    }

    private void receipt(String me, EventArgs args, boolean read) {
        long id = Payload.of(args.get(0)).number("id", -1);
        if (read || !delivered.known(id)) {
            if (!buckets.tryAcquire(me)) {
                if (args.hasAck()) {
                    args.ack(refusal(me));
                }
                return;
            }
            mark(me, id, read);
        }
        if (args.hasAck()) {
            args.ack(ChatEvents.ok());
        }
    }

    /** Stores the mark if {@code me} may set it, and tells the sender's tabs if it changed. */
    private void mark(String me, long id, boolean read) {
        ChatMessage m = store.message(id).orElse(null);
        if (m == null || m.sender().equals(me)) {
            return;
        }
        boolean allowed = m.isPrivate() ? m.recipient().equals(me) : !read && presence.inRoom(me, m.room());
        if (!allowed) {
            return;
        }
        long now = System.currentTimeMillis();
        boolean changed = read ? store.markRead(id, now) : store.markDelivered(id, now);
        if (!read) {
            delivered.remember(id); // marked now, or found marked (markDelivered only sets it once)
        }
        if (changed) {
            io.to(ChatEvents.userRoom(m.sender())).emit("message:status",
                    Map.of("id", id, "status", read ? "read" : "delivered"));
        }
    }

    private Map<String, Object> refusal(String me) {
        Map<String, Object> refused = ChatEvents.error("rate_limited", String.format(Locale.ROOT,
                "You are sending receipts too fast: at most %d a second (%d at once)", config.perSecond(),
                config.burst()));
        refused.put("retryAfter", Math.max(1, buckets.retryAfter(me).toMillis()));
        return refused;
    }
}
