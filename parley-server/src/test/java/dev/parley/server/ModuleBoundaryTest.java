package dev.parley.server;

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
        assertThat(InternalReferenceScanner.foreignInternals(ParleyServer.class, "server")).isEmpty();
    }

    @Test
    void theScanSeesThisModulesOwnInternals() throws Exception {
        // The scan reads this module's classes: counted as foreign, its own internals are found.
        assertThat(InternalReferenceScanner.foreignInternals(ParleyServer.class, "none"))
                .anyMatch(reference -> reference.contains("dev.parley.server.internal."));
    }
}
