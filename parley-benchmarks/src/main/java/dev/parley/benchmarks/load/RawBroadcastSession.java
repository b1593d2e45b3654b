package dev.parley.benchmarks.load;

import io.netty.buffer.ByteBuf;

/**
 * Raw WebSocket broadcast: ready as soon as the upgrade is done. The publisher writes one stamped message
 * per request; the server sends it to every other connection of its path, so the publisher expects
 * nothing back and counts whatever comes as other messages. A subscriber takes each message as a delivery
 * of the stamp it starts with; a message of another length, type or without a stamp is malformed.
 */
final class RawBroadcastSession implements ProtocolSession {
    private final SessionContext context;
    private final StampedPayload payload;
    private final boolean binary;
    private final boolean subscriber;

    private RawBroadcastSession(SessionContext context, StampedPayload payload, boolean binary, boolean subscriber) {
        this.context = context;
        this.payload = payload;
        this.binary = binary;
        this.subscriber = subscriber;
    }

    static ProtocolSession.Factory subscriber(StampedPayload payload, boolean binary) {
        return context -> new RawBroadcastSession(context, payload, binary, true);
    }

    static ProtocolSession.Factory publisher(StampedPayload payload, boolean binary) {
        return context -> new RawBroadcastSession(context, payload, binary, false);
    }

    @Override
    public void onUpgraded() {
        context.sessionReady();
    }

    @Override
    public void onMessage(boolean text, ByteBuf message) {
        if (!subscriber) {
            context.otherMessage();
            return;
        }
        int start = message.readerIndex();
        if (text != binary && message.readableBytes() == payload.length() && StampedPayload.isStamp(message, start)) {
            context.delivered(StampedPayload.readStamp(message, start));
        } else {
            context.malformedDelivery();
        }
    }

    @Override
    public void writeRequest(long stampNanos) {
        ByteBuf message = payload.write(context.alloc(), stampNanos);
        if (binary) {
            context.writeBinary(message);
        } else {
            context.writeText(message);
        }
    }
}
