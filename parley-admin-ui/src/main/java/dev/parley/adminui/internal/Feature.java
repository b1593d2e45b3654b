package dev.parley.adminui.internal;

/** What the server tells the UI it supports (the {@code config} event's {@code supportedFeatures}). */
public enum Feature {
    /** Emit an event to a namespace or a room. */
    EMIT,
    JOIN,
    LEAVE,
    DISCONNECT,
    /** The same for every socket a room selects, across the cluster (socket.io 4's {@code socketsJoin}...). */
    MJOIN,
    MLEAVE,
    MDISCONNECT,
    /** {@code server_stats} carries {@code aggregatedEvents}. */
    AGGREGATED_EVENTS,
    /** Development mode: every socket, room change and event is sent. */
    ALL_EVENTS
}
