package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The nginx tests fail, saying what to install, where there is no nginx: they never skip. */
class NginxProcessTest {
    @Test
    void aMissingNginxFailsWithWhatToInstall() {
        assertThatThrownBy(() -> NginxProcess.executable("/nonexistent/sbin/nginx"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("/nonexistent/sbin/nginx not found")
                .hasMessageContaining("apt-get install nginx");
    }

    @Test
    void debiansNginxIsFound() {
        assertThat(NginxProcess.executable().toString()).endsWith("nginx");
    }
}
