package dev.parley.socketio.adapter;

/** Room lifecycle events of an adapter (socket.io's {@code create-room}, {@code join-room}, ...). */
public interface AdapterListener {
    default void createRoom(String room) {
    }

    default void deleteRoom(String room) {
    }

    default void joinRoom(String room, String socketId) {
    }

    default void leaveRoom(String room, String socketId) {
    }
}
