package dev.parley.socketio;

/**
 * Watches a Socket.IO server for monitoring (metrics, logs): namespaces, sockets joining and leaving them,
 * refused connections, broadcasts and how many sockets each reached, and acks awaited from clients. Set on
 * {@link SocketIoConfig#observer()}. Rooms have a hook of their own ({@code Adapter.addListener}), and
 * sessions, messages and bytes are the Engine.IO layer's ({@code EngineIoObserver}).
 *
 * <p>Thread contract: methods are called on whatever thread did the work (handler threads, event loops,
 * the timer, an adapter's delivery threads), at most once per broadcast or per ack, never per recipient.
 * They must be cheap, never block and never throw. Every method is a no-op by default; {@link #NONE}
 * observes nothing.
 */
public interface SocketIoObserver {
    /** Observes nothing: the default. */
    SocketIoObserver NONE = new SocketIoObserver() {
    };

    /**
     * A namespace was created (static, or a dynamic parent's child), its adapter ready: the place to read
     * its sockets and add an {@code AdapterListener} to its adapter. Not called for a dynamic parent itself.
     */
    default void namespaceCreated(Namespace namespace) {
    }

    /** A socket joined {@code namespace} (it passed the middlewares, or was recovered). */
    default void socketConnected(String namespace) {
    }

    /** A socket left {@code namespace}; once for each {@link #socketConnected}. */
    default void socketDisconnected(String namespace) {
    }

    /**
     * A client's request to join a namespace was refused: {@code invalid_namespace} (no such namespace; the
     * name the client asked for is not passed on, since clients choose it) or {@code middleware} (a
     * middleware failed it with a {@code ConnectError}).
     */
    default void connectRefused(String reason) {
    }

    /** A broadcast was written to the local sockets of {@code namespace}: {@code recipients} of them. */
    default void broadcast(String namespace, int recipients) {
    }

    /** An ack is now awaited from a client of {@code namespace} (an emit with an ack, alone or in a broadcast). */
    default void ackExpected(String namespace) {
    }

    /** An awaited ack stopped being awaited: answered, timed out, or its socket left. Once per {@link #ackExpected}. */
    default void ackSettled(String namespace) {
    }

    /** An ack awaited from one socket ({@code socket.timeout(...).emitWithAck}) timed out. */
    default void ackTimedOut(String namespace) {
    }
}
