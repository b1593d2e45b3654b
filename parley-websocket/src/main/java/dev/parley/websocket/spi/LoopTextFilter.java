package dev.parley.websocket.spi;

/**
 * Implemented by an endpoint's listener that can take some text messages on the connection's event loop
 * instead of the handler pool: a layer above (Engine.IO) whose control messages only touch its own state,
 * such as a heartbeat's pong. Handing each of those to a pool thread wakes that thread for nothing: with
 * thousands of idle connections, a pong a connection every 25 s was most of an idle server's wake-ups.
 *
 * <p>Called on the event loop, in the order messages are read, before the message is queued for the
 * listener; it must not block. A message it takes never reaches {@code onText}. It may overtake messages
 * still queued for the listener, so it must take only messages whose effect does not depend on them, and
 * decline (return false) whenever it cannot tell, e.g. before {@code onOpen} ran.
 *
 * <p>SPI between Parley's modules: implemented by {@code parley-engineio}'s WebSocket transport listener,
 * called by {@code parley-websocket}'s connection; not for applications.
 */
public interface LoopTextFilter {
    /** True if {@code text} was handled here, on {@code connection}'s event loop. */
    boolean handledOnLoop(TransportConnection connection, String text);
}
