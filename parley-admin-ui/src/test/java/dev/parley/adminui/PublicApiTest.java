package dev.parley.adminui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testkit.PublicApiScanner;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The public API (every package but {@code internal}) must not mention a Netty type. */
class PublicApiTest {
    private static final List<String> API_PACKAGES = List.of("dev.parley.adminui");

    @Test
    void noPublicSignatureMentionsNetty() throws Exception {
        assertThat(PublicApiScanner.publicClasses(API_PACKAGES)).extracting(Class::getSimpleName)
                .contains("AdminUi", "AdminUiConfig", "AdminUiAuth", "Builder");
        assertThat(PublicApiScanner.nettyMentions(API_PACKAGES)).isEmpty();
    }
}
