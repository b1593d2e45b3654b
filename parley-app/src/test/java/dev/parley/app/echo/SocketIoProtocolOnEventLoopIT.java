package dev.parley.app.echo;

import dev.parley.server.HandlerExecution;
import org.junit.jupiter.api.BeforeAll;

/** The same protocol cases with every handler on the event loops ({@link HandlerExecution#EVENT_LOOP}). */
class SocketIoProtocolOnEventLoopIT extends SocketIoProtocolIT {
    @BeforeAll
    static void start() throws Exception {
        startWith(HandlerExecution.EVENT_LOOP);
    }
}
