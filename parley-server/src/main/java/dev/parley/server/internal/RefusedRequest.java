package dev.parley.server.internal;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import java.util.function.Supplier;

/**
 * A request refused from its head ({@link RequestReader}): it travels to the router like any request, so
 * that the refusal is answered in order behind pipelined requests. Its body, if any, is never buffered.
 * When a body was still to come the connection closes after the answer ({@code Connection: close}).
 * Used only on the channel's event loop.
 */
final class RefusedRequest extends DefaultFullHttpRequest {
    private final Supplier<FullHttpResponse> response;
    private final boolean bodyPending;
    /** The client has sent the whole body (discarded): the connection may close as soon as the answer is out. */
    private boolean bodyEnded;
    private boolean answered;

    RefusedRequest(HttpRequest head, boolean bodyPending, Supplier<FullHttpResponse> response) {
        super(head.protocolVersion(), head.method(), head.uri(), Unpooled.EMPTY_BUFFER, head.headers().copy(),
                io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE);
        this.response = response;
        this.bodyPending = bodyPending;
        if (bodyPending) {
            // RFC 9110 §15.5: a server answering before reading the whole body says whether it goes on reading.
            headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
    }

    FullHttpResponse response() {
        return response.get();
    }

    boolean bodyPending() {
        return bodyPending;
    }

    boolean bodyEnded() {
        return bodyEnded;
    }

    void bodyEnded(boolean ended) {
        this.bodyEnded = ended;
    }

    boolean answered() {
        return answered;
    }

    void answered(boolean value) {
        this.answered = value;
    }
}
