package dev.parley.engineio;

/** Why an Engine.IO session ended, with the names the reference server gives them. */
public enum CloseReason {
    /** The client closed the session (a close packet) or its transport dropped. */
    TRANSPORT_CLOSE("transport close"),
    /** No pong within {@code pingTimeout} of a ping. */
    PING_TIMEOUT("ping timeout"),
    /** The client sent something that is not an Engine.IO packet. */
    PARSE_ERROR("parse error"),
    /** The server closed the session. */
    FORCED_CLOSE("forced close"),
    /** The transport failed: an overlapping poll, a poll request cancelled mid-way, a body too large. */
    TRANSPORT_ERROR("transport error"),
    /** The server is stopping. */
    SERVER_SHUTTING_DOWN("server shutting down");

    private final String wireName;

    CloseReason(String wireName) {
        this.wireName = wireName;
    }

    /** The reason as socket.io names it, e.g. {@code "ping timeout"}. */
    public String wireName() {
        return wireName;
    }
}
