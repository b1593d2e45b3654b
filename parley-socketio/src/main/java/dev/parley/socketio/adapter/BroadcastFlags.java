package dev.parley.socketio.adapter;

import java.time.Duration;

/**
 * Modifiers of a broadcast: {@code volatile} (drop for clients that cannot take it now), {@code compress}
 * (false: no permessage-deflate, nor HTTP compression of the polling response), {@code local} (this
 * server only), {@code timeout} (for acks; null for none).
 */
public record BroadcastFlags(boolean isVolatile, boolean compress, boolean local, Duration timeout) {
    public static final BroadcastFlags DEFAULT = new BroadcastFlags(false, true, false, null);

    public BroadcastFlags withVolatile() {
        return new BroadcastFlags(true, compress, local, timeout);
    }

    public BroadcastFlags withCompress(boolean value) {
        return new BroadcastFlags(isVolatile, value, local, timeout);
    }

    public BroadcastFlags withLocal() {
        return new BroadcastFlags(isVolatile, compress, true, timeout);
    }

    public BroadcastFlags withTimeout(Duration value) {
        return new BroadcastFlags(isVolatile, compress, local, value);
    }
}
