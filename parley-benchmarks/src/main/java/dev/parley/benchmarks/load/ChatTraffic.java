package dev.parley.benchmarks.load;

import io.netty.buffer.ByteBuf;
import java.util.HashMap;
import java.util.Map;

/**
 * One simulated chat user over its Socket.IO connection (the main namespace, connected with
 * {@code {nickname}}, see {@link ChatWire}): joins its room and is ready at the join's {@code ok}; each request
 * is a {@code message:send} with an ack; each {@code message} from someone else is a delivery, answered with
 * {@code message:delivered} as the web page does (unless receipts are off); every other event (the session,
 * presence and room changes, notices, delivery statuses) is counted as other traffic. Used only on the event
 * loop.
 */
final class ChatTraffic implements SocketIoTraffic {
    /** What a user needs to know, the same for every connection of a run but its own fields. */
    record Plan(ChatLedger ledger, boolean receipts) {
    }

    private final SessionContext context;
    private final Plan plan;
    private final ChatMember member;
    private final byte[] join;
    private final byte[] sendPrefix;
    /** Ack id to the scheduled send time, of the messages not answered yet. */
    private final Map<Long, Long> outstanding = new HashMap<>();
    private boolean joined;
    private long nextSeq;

    private ChatTraffic(SessionContext context, Plan plan, ChatMember member, byte[] join, byte[] sendPrefix) {
        this.context = context;
        this.plan = plan;
        this.member = member;
        this.join = join;
        this.sendPrefix = sendPrefix;
    }

    /** The session of user {@code user}: its nickname, its room and the text of every message it sends. */
    static ProtocolSession.Factory sessions(Plan plan, int user, String nickname, String room, String text) {
        byte[] join = ChatWire.joinPacket(room);
        byte[] prefix = ChatWire.sendPrefix(room, text, user);
        ChatMember member = plan.ledger().member(user);
        return SocketIoSession.withConnectPacket(context -> new ChatTraffic(context, plan, member, join, prefix),
                ChatWire.connectPacket(nickname));
    }

    @Override
    public void onConnected() {
        context.writeText(context.alloc().buffer(join.length).writeBytes(join));
    }

    @Override
    public void onAck(long id, ByteBuf packet) {
        long now = System.nanoTime();
        if (!joined) {
            if (id != ChatWire.JOIN_ACK_ID) {
                context.otherMessage();
            } else if (ChatWire.isOk(packet)) {
                joined = true;
                context.sessionReady();
            } else {
                context.abort("room:join refused: " + ChatWire.code(packet));
            }
            return;
        }
        Long stamp = outstanding.remove(id);
        if (stamp == null) {
            context.otherMessage();
        } else if (ChatWire.isOk(packet)) {
            plan.ledger().stored(member, id - 1, stamp, now);
        } else {
            plan.ledger().refused(ChatWire.code(packet));
        }
    }

    @Override
    public void onEvent(ByteBuf packet) {
        if (!ChatWire.isMessage(packet)) {
            context.otherMessage();
            return;
        }
        long now = System.nanoTime();
        ChatWire.Stamp stamp = ChatWire.stamp(packet);
        if (stamp == null) {
            plan.ledger().malformed();
        } else if (stamp.user() == member.user()) {
            plan.ledger().ownEcho();
        } else if (plan.ledger().delivered(member, stamp, now) && plan.receipts()) {
            long id = ChatWire.messageId(packet);
            if (id < 0) {
                plan.ledger().malformed();
                return;
            }
            ByteBuf receipt = context.alloc().buffer(48);
            ChatWire.writeDelivered(receipt, id);
            context.writeText(receipt);
            plan.ledger().receiptSent();
        }
    }

    @Override
    public void writeRequest(long stampNanos) {
        long seq = nextSeq++;
        outstanding.put(seq + 1, stampNanos);
        ByteBuf out = context.alloc().buffer(sendPrefix.length + 48);
        ChatWire.writeSend(out, sendPrefix, seq, stampNanos);
        context.writeText(out);
        plan.ledger().sent();
    }
}
