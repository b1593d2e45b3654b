package dev.parley.server.internal;

import io.netty.channel.Channel;

/**
 * Why a connection is not being read: the router holds its maximum of pipelined requests, or a route's
 * head check is running. Reading resumes when no reason is left. One per connection; used only on its
 * event loop.
 */
public final class ReadPauses {
    static final int PIPELINE_FULL = 1;
    static final int HEAD_CHECK = 2;

    private final Channel channel;
    private int reasons;

    public ReadPauses(Channel channel) {
        this.channel = channel;
    }

    void pause(int reason) {
        if (reasons == 0) {
            channel.config().setAutoRead(false);
        }
        reasons |= reason;
    }

    void resume(int reason) {
        boolean wasPaused = reasons != 0;
        reasons &= ~reason;
        if (wasPaused && reasons == 0 && channel.isActive()) {
            channel.config().setAutoRead(true);
        }
    }

    boolean paused(int reason) {
        return (reasons & reason) != 0;
    }

    /** The connection leaves HTTP (a WebSocket upgrade): nothing here may keep it from being read. */
    void clear() {
        if (reasons != 0) {
            reasons = 0;
            channel.config().setAutoRead(true);
        }
    }
}
