package dev.parley.benchmarks.load;

/**
 * What the broadcast scenario publishes and its subscribers expect, the same for every connection of a run.
 *
 * @param payloadSize bytes of a WebSocket message, or characters of the Socket.IO payload argument; both
 *     start with the send stamp, so at least {@value StampedPayload#STAMP_LENGTH}
 * @param binary WebSocket only: binary messages instead of text
 * @param room Socket.IO only: the room the subscribers join and the publisher broadcasts to
 */
record BroadcastSpec(Protocol protocol, int payloadSize, boolean binary, String room) {
    BroadcastSpec {
        if (payloadSize < StampedPayload.STAMP_LENGTH) {
            throw new IllegalArgumentException("--payload must be at least " + StampedPayload.STAMP_LENGTH
                    + " (the send stamp), not " + payloadSize);
        }
        if (binary && protocol != Protocol.ws) {
            throw new IllegalArgumentException("--binary is for --protocol ws");
        }
    }

    ProtocolSession.Factory subscribers() {
        return switch (protocol) {
            case ws -> RawBroadcastSession.subscriber(StampedPayload.raw(payloadSize), binary);
            case socketio -> SocketIoSession.factory(SocketIoBroadcastTraffic.subscriber(room, payloadSize));
        };
    }

    ProtocolSession.Factory publisher() {
        return switch (protocol) {
            case ws -> RawBroadcastSession.publisher(StampedPayload.raw(payloadSize), binary);
            case socketio -> SocketIoSession.factory(SocketIoBroadcastTraffic.publisher(room, payloadSize));
        };
    }
}
