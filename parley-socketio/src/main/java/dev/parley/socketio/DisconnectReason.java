package dev.parley.socketio;

import dev.parley.engineio.CloseReason;

/** Why a socket left its namespace, with socket.io's names ({@link #wireName()}). */
public enum DisconnectReason {
    /** The server called {@code socket.disconnect()}. */
    SERVER_NAMESPACE_DISCONNECT("server namespace disconnect"),
    /** The client called {@code socket.disconnect()}. */
    CLIENT_NAMESPACE_DISCONNECT("client namespace disconnect"),
    /** The Engine.IO connection was closed by the server without a DISCONNECT packet first. */
    FORCED_CLOSE("forced close"),
    TRANSPORT_CLOSE("transport close"),
    TRANSPORT_ERROR("transport error"),
    PING_TIMEOUT("ping timeout"),
    PARSE_ERROR("parse error"),
    SERVER_SHUTTING_DOWN("server shutting down");

    private final String wireName;

    DisconnectReason(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    static DisconnectReason of(CloseReason reason) {
        return switch (reason) {
            case TRANSPORT_CLOSE -> TRANSPORT_CLOSE;
            case TRANSPORT_ERROR -> TRANSPORT_ERROR;
            case PING_TIMEOUT -> PING_TIMEOUT;
            case PARSE_ERROR -> PARSE_ERROR;
            case FORCED_CLOSE -> FORCED_CLOSE;
            case SERVER_SHUTTING_DOWN -> SERVER_SHUTTING_DOWN;
        };
    }
}
