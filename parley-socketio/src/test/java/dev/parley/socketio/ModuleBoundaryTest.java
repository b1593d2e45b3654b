package dev.parley.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testkit.InternalReferenceScanner;
import org.junit.jupiter.api.Test;

/**
 * Modules talk through public APIs and `spi` packages: no class of this module may use another module's
 * `internal` packages (see docs/ARCHITECTURE.md, "Service provider interfaces").
 */
class ModuleBoundaryTest {
    @Test
    void usesNoOtherModulesInternals() throws Exception {
        assertThat(InternalReferenceScanner.foreignInternals(SocketIoServer.class, "socketio")).isEmpty();
    }
}
