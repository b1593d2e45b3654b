package dev.parley.adminui;

import static dev.parley.adminui.internal.Feature.AGGREGATED_EVENTS;
import static dev.parley.adminui.internal.Feature.ALL_EVENTS;
import static dev.parley.adminui.internal.Feature.DISCONNECT;
import static dev.parley.adminui.internal.Feature.EMIT;
import static dev.parley.adminui.internal.Feature.JOIN;
import static dev.parley.adminui.internal.Feature.LEAVE;
import static dev.parley.adminui.internal.Feature.MDISCONNECT;
import static dev.parley.adminui.internal.Feature.MJOIN;
import static dev.parley.adminui.internal.Feature.MLEAVE;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The {@code config} event's features, as the Node package announces them for each mode. */
class AdminUiFeaturesTest {
    private static AdminUiConfig.Builder config() {
        return AdminUiConfig.builder(AdminUiAuth.none());
    }

    @Test
    void developmentAnnouncesEverything() {
        assertThat(AdminUi.features(config().build())).containsExactlyInAnyOrder(EMIT, JOIN, LEAVE, DISCONNECT, MJOIN,
                MLEAVE, MDISCONNECT, AGGREGATED_EVENTS, ALL_EVENTS);
    }

    @Test
    void productionSendsNoSingleEvents() {
        assertThat(AdminUi.features(config().mode(AdminUiConfig.Mode.PRODUCTION).build())).containsExactlyInAnyOrder(
                EMIT, JOIN, LEAVE, DISCONNECT, MJOIN, MLEAVE, MDISCONNECT, AGGREGATED_EVENTS);
    }

    @Test
    void readOnlyAnnouncesNoCommand() {
        assertThat(AdminUi.features(config().readonly(true).mode(AdminUiConfig.Mode.PRODUCTION).build()))
                .containsExactly(AGGREGATED_EVENTS);
        assertThat(AdminUi.features(config().readonly(true).build())).containsExactlyInAnyOrder(AGGREGATED_EVENTS,
                ALL_EVENTS);
    }
}
