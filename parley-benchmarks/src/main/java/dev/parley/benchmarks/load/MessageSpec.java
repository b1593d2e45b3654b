package dev.parley.benchmarks.load;

/**
 * What one request is, for every connection of a run: the protocol, the payload size, and for Socket.IO
 * the event names (by default those of Parley's {@code echo} app: {@code message} comes back as
 * {@code message-back}, {@code message-with-ack} is acknowledged with its arguments).
 *
 * @param payloadSize bytes of a WebSocket message, or characters of the Socket.IO event's string argument
 * @param binary WebSocket only: binary messages instead of text
 * @param ack Socket.IO only: requests are events with an ack id, answered by ACK packets
 */
record MessageSpec(Protocol protocol, int payloadSize, boolean binary, boolean ack, String event, String ackEvent,
        String replyEvent) {
    static final int DEFAULT_PAYLOAD_SIZE = 64;
    static final String DEFAULT_EVENT = "message";
    static final String DEFAULT_ACK_EVENT = "message-with-ack";
    static final String DEFAULT_REPLY_EVENT = "message-back";

    private static final String FILLER = "abcdefghijklmnopqrstuvwxyz0123456789";

    MessageSpec {
        if (payloadSize < 0) {
            throw new IllegalArgumentException("--payload must be 0 or more, not " + payloadSize);
        }
        if (binary && protocol != Protocol.ws) {
            throw new IllegalArgumentException("--binary is for --protocol ws");
        }
        if (ack && protocol != Protocol.socketio) {
            throw new IllegalArgumentException("--ack is for --protocol socketio");
        }
    }

    /** The spec of runs that send nothing (connect, idle). */
    static MessageSpec none(Protocol protocol) {
        return new MessageSpec(protocol, 0, false, false, DEFAULT_EVENT, DEFAULT_ACK_EVENT, DEFAULT_REPLY_EVENT);
    }

    /** The sessions that speak this spec's protocol, sharing one encoding of the request. */
    ProtocolSession.Factory sessions() {
        String filler = filler(payloadSize);
        return switch (protocol) {
            case ws -> RawEchoSession.factory(filler, binary);
            case socketio -> SocketIoSession.factory(ack
                    ? SocketIoEchoTraffic.factory(SocketIoWire.eventData(ackEvent, filler), null)
                    : SocketIoEchoTraffic.factory(SocketIoWire.event(event, filler),
                            SocketIoWire.namePrefix(replyEvent)));
        };
    }

    /** ASCII text of {@code size} characters: needs no JSON escape, and is valid UTF-8 byte for byte. */
    static String filler(int size) {
        StringBuilder text = new StringBuilder(size);
        while (text.length() < size) {
            text.append(FILLER, 0, Math.min(FILLER.length(), size - text.length()));
        }
        return text.toString();
    }
}
