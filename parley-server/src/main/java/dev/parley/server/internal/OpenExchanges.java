package dev.parley.server.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exchanges of streaming routes not yet over (pending answers and open streams), so that a stop or a
 * drain ends them cleanly rather than cutting their connections. Thread-safe.
 */
public final class OpenExchanges {
    private final Set<StreamingExchange> open = ConcurrentHashMap.newKeySet();

    void add(StreamingExchange exchange) {
        open.add(exchange);
    }

    void remove(StreamingExchange exchange) {
        open.remove(exchange);
    }

    /** Exchanges not yet over. */
    public int size() {
        return open.size();
    }

    /**
     * Ends at most {@code max} exchanges as the server stopping does: a pending one gets a 503, an open stream
     * its last chunk. Returns how many were asked to end.
     */
    public int closeSome(int max) {
        int closed = 0;
        for (StreamingExchange exchange : open) {
            if (closed >= max) {
                break;
            }
            if (exchange.serverClosing()) {
                closed++;
            }
        }
        return closed;
    }

    /** Ends every exchange (see {@link #closeSome}). */
    public void closeAll() {
        closeSome(Integer.MAX_VALUE);
    }
}
