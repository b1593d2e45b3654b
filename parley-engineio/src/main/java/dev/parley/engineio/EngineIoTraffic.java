package dev.parley.engineio;

/**
 * Totals of the messages an Engine.IO server received and sent, and of their data, since
 * {@link EngineIoServer#countTraffic()} was first called (all zero before). Counted as engine.io's
 * {@code packet} and {@code packetCreate} events are by {@code @socket.io/admin-ui}: one per message packet,
 * whichever the transport, with the size of its data (the type byte and polling framing are not counted);
 * a message is counted sent when it is queued for the client. The size of binary data is in bytes, that of
 * text in characters: the same as its UTF-8 size for ASCII text (Socket.IO's JSON mostly), less for other text.
 *
 * @param packetsIn  messages received from clients
 * @param bytesIn    their data
 * @param packetsOut messages sent to clients
 * @param bytesOut   their data
 */
public record EngineIoTraffic(long packetsIn, long bytesIn, long packetsOut, long bytesOut) {
    /** Nothing counted. */
    public static final EngineIoTraffic NONE = new EngineIoTraffic(0, 0, 0, 0);
}
