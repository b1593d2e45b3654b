package dev.parley.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.fixture.other.UsesHidden;
import org.junit.jupiter.api.Test;

class InternalReferenceScannerTest {
    @Test
    void findsAReferenceToAnotherModulesInternalsEvenInAGenericSignature() throws Exception {
        assertThat(InternalReferenceScanner.foreignInternals(UsesHidden.class, "other"))
                .contains("dev.parley.fixture.other.UsesHidden -> dev.parley.fixture.internal.Hidden");
    }

    @Test
    void ownInternalsAndStringLiteralsAreNotReferences() throws Exception {
        assertThat(InternalReferenceScanner.foreignInternals(UsesHidden.class, "fixture"))
                .noneMatch(reference -> reference.contains("fixture.internal"))
                .noneMatch(reference -> reference.contains("JustText") || reference.contains("OnlyALiteral"));
    }
}
