package dev.parley.benchmarks.load;

/** The ways a push subscriber receives a topic's events (issue 18, section 3), by their option names. */
enum PushTransport {
    /** Server-Sent Events, {@code GET /sse?topic=T}. */
    sse,
    /** WebSocket, {@code /ws/topics} with its JSON subscribe message. */
    ws,
    /** Socket.IO, namespace {@code /topics}, {@code topic:subscribe} then {@code topic:event}. */
    socketio,
    /** Long polling, {@code GET /api/topics/T/events?after=ID&wait=...}. */
    longpoll,
    /** Short polling, {@code GET /api/topics/T/events?after=ID} every {@code --short-poll-interval}. */
    shortpoll
}
