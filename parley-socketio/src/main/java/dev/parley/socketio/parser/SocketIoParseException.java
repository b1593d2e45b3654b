package dev.parley.socketio.parser;

/** The client sent something that is not a valid Socket.IO packet: its connection closes ("parse error"). */
public final class SocketIoParseException extends Exception {
    public SocketIoParseException(String message) {
        super(message, null, false, false);
    }
}
