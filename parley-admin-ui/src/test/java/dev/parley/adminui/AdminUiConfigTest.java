package dev.parley.adminui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AdminUiConfigTest {
    /** bcrypt of "secret" at cost 4, as bcryptjs (the Node package's library) wrote it. */
    static final String HASH = "$2a$04$aX2EBuDOBe3dOHKB7ygYSu5ojeEayI2KO5NCiPog2uaayCIuoUSY.";

    @Test
    void defaultsAreTheNodePackagesAndTheDocumentedBounds() {
        AdminUiConfig config = AdminUiConfig.builder(AdminUiAuth.none()).build();
        assertThat(config.namespaceName()).isEqualTo("/admin");
        assertThat(config.readonly()).isFalse();
        assertThat(config.mode()).isEqualTo(AdminUiConfig.Mode.DEVELOPMENT);
        assertThat(config.serverId()).isNull();
        assertThat(config.statsInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.sessionTtl()).isEqualTo(Duration.ofHours(24));
        assertThat(config.maxSessions()).isEqualTo(1000);
        assertThat(config.maxPendingLogins()).isEqualTo(16);
    }

    @Test
    void onlyBcryptHashesAreTakenAndNeverPrinted() {
        assertThat(AdminUiAuth.basic("admin", HASH)).isInstanceOf(AdminUiAuth.Basic.class);
        assertThat(AdminUiAuth.basic("admin", HASH.replace("$2a$", "$2b$"))).isNotNull();
        assertThat(AdminUiAuth.basic("admin", HASH.replace("$2a$", "$2y$"))).isNotNull();
        assertThat(AdminUiAuth.basic("admin", HASH).toString()).doesNotContain(HASH.substring(7));
        assertThatThrownBy(() -> AdminUiAuth.basic("admin", "secret")).hasMessageContaining("bcrypt hash");
        assertThatThrownBy(() -> AdminUiAuth.basic("admin", HASH.substring(1))).hasMessageContaining("bcrypt hash");
        assertThatThrownBy(() -> AdminUiAuth.basic("admin", HASH.replace("$04$", "$03$")))
                .hasMessageContaining("bcrypt hash");
        assertThatThrownBy(() -> AdminUiAuth.basic("admin", HASH + "x")).hasMessageContaining("bcrypt hash");
        assertThatThrownBy(() -> AdminUiAuth.basic("", HASH)).hasMessageContaining("user name");
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> AdminUiConfig.builder(null).build()).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> AdminUiConfig.builder(AdminUiAuth.none()).namespaceName("admin").build())
                .hasMessageContaining("namespaceName");
        assertThatThrownBy(() -> AdminUiConfig.builder(AdminUiAuth.none()).statsInterval(Duration.ZERO).build())
                .hasMessageContaining("statsInterval");
        assertThatThrownBy(() -> AdminUiConfig.builder(AdminUiAuth.none()).maxSessions(0).build())
                .hasMessageContaining("maxSessions");
    }
}
