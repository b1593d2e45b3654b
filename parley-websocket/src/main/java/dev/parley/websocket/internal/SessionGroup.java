package dev.parley.websocket.internal;

import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open sessions of one endpoint, grouped by the event loop they live on, and broadcast to them: the
 * frame is encoded once, and each event loop gets one task that writes a duplicate of it to each of its
 * sessions, so a broadcast to N sessions costs one task per event loop, not one per session.
 */
public final class SessionGroup {
    private final Map<EventExecutor, Set<WebSocketConnection>> byEventLoop = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();
    private volatile boolean untracked;

    /**
     * Stops registering sessions: for the endpoint of a layer that keeps a registry of its own (Engine.IO's
     * sessions) and never asks this one, which would otherwise hold a map entry (32 bytes) per connection.
     * Call before the endpoint is mounted; its {@code sessions()}, {@code sessionCount()} and broadcasts then
     * see no session.
     */
    public void untrack() {
        untracked = true;
    }

    void add(WebSocketConnection session) {
        if (untracked) {
            return;
        }
        if (byEventLoop.computeIfAbsent(session.executor(), k -> ConcurrentHashMap.newKeySet()).add(session)) {
            size.incrementAndGet();
        }
    }

    void remove(WebSocketConnection session) {
        Set<WebSocketConnection> sessions = byEventLoop.get(session.executor());
        if (sessions != null && sessions.remove(session)) {
            size.decrementAndGet();
        }
    }

    public int size() {
        return size.get();
    }

    /** A snapshot of the sessions. */
    public List<WebSocketConnection> sessions() {
        List<WebSocketConnection> all = new ArrayList<>(size.get());
        for (Set<WebSocketConnection> sessions : byEventLoop.values()) {
            all.addAll(sessions);
        }
        return all;
    }

    /**
     * Sends one message to the given sessions of {@code endpoint} (others are skipped), grouped by event loop:
     * one task per loop writes a duplicate of the one frame to each of its sessions. Takes ownership of
     * {@code message}.
     */
    public static void broadcastTo(OutboundMessage message, Collection<?> sessions, Object endpoint,
            boolean compress) {
        try {
            Map<EventExecutor, List<WebSocketConnection>> byLoop = new HashMap<>(4);
            for (Object session : sessions) {
                if (session instanceof WebSocketConnection connection && connection.endpoint() == endpoint) {
                    byLoop.computeIfAbsent(connection.executor(), k -> new ArrayList<>()).add(connection);
                }
            }
            for (Map.Entry<EventExecutor, List<WebSocketConnection>> group : byLoop.entrySet()) {
                writeOnLoop(message, group.getKey(), group.getValue(), null, compress);
            }
        } finally {
            message.release();
        }
    }

    /**
     * Sends one message to every open session but {@code except} (may be null). Takes ownership of
     * {@code message}. Per session, frames keep the order of the broadcasts and sends made from one thread.
     * {@code compress} false: every session gets the shared plain frame, even those that negotiated
     * permessage-deflate.
     */
    public void broadcast(OutboundMessage message, Object except, boolean compress) {
        try {
            for (Map.Entry<EventExecutor, Set<WebSocketConnection>> group : byEventLoop.entrySet()) {
                Set<WebSocketConnection> sessions = group.getValue();
                if (sessions.isEmpty()) {
                    continue;
                }
                writeOnLoop(message, group.getKey(), sessions, except, compress);
            }
        } finally {
            message.release();
        }
    }

    /** One task on {@code loop} that writes the message to each session, holding its own reference meanwhile. */
    private static void writeOnLoop(OutboundMessage message, EventExecutor loop,
            Iterable<WebSocketConnection> sessions, Object except, boolean compress) {
        message.retain();
        try {
            loop.execute(() -> {
                try {
                    for (WebSocketConnection session : sessions) {
                        if (session != except) {
                            session.writeBroadcast(message, compress);
                        }
                    }
                } finally {
                    message.release();
                }
            });
        } catch (RuntimeException loopGone) {
            message.release(); // the loop refused the task (shutting down): its reference is ours
        }
    }
}
