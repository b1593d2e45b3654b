package dev.parley.benchmarks.load;

/** What the generator speaks over each WebSocket, as {@code --protocol} spells it. */
enum Protocol {
    /** Raw WebSocket echo: every message sent is one request, every message received one reply. */
    ws("/ws/echo"),
    /** Socket.IO v5 over the Engine.IO v4 websocket transport, without the polling handshake. */
    socketio("/socket.io/");

    private final String defaultPath;

    Protocol(String defaultPath) {
        this.defaultPath = defaultPath;
    }

    /** The path of Parley's endpoint for this protocol: {@code /ws/echo} (app demo), {@code /socket.io/} (app echo). */
    String defaultPath() {
        return defaultPath;
    }
}
