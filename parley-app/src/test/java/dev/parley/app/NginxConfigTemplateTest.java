package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.chat.ChatConfig;
import dev.parley.engineio.EngineIoConfig;
import dev.parley.server.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The nginx configuration the integration tests run is the shipped docs/deploy/parley.conf with only its
 * addresses and paths replaced, and its limits agree with Parley's defaults.
 */
class NginxConfigTemplateTest {
    private static final NginxConfigTemplate.Target TARGET = new NginxConfigTemplate.Target(40443, 40080, 43001, 43002,
            Path.of("/tmp/test-ca/server.pem"), Path.of("/tmp/test-ca/server.key"));

    @Test
    void theTestConfigurationIsTheShippedOneWithOnlyAddressesAndPathsReplaced() throws Exception {
        String docs = NginxConfigTemplate.docs();
        String rendered = NginxConfigTemplate.render(docs, TARGET);
        Map<String, String> substitutions = NginxConfigTemplate.substitutions(TARGET);
        for (String documented : substitutions.keySet()) {
            assertThat(rendered).as("every documented address and path is replaced").doesNotContain(documented);
        }
        String back = rendered;
        for (Map.Entry<String, String> value : substitutions.entrySet()) {
            back = back.replace(value.getValue(), value.getKey());
        }
        assertThat(back).as("nothing else differs").isEqualTo(docs);
        assertThat(rendered).contains("listen 127.0.0.1:40443 ssl;", "listen 127.0.0.1:40080;",
                "server 127.0.0.1:43001;", "server 127.0.0.1:43002 backup;", "\"~(^|\\s)127.0.0.1:43002$\"");
    }

    @Test
    void aDocumentedValueMissingFromTheDocsFailsLoudly() {
        String docs = "listen 443 ssl;\n";
        assertThatThrownBy(() -> NginxConfigTemplate.render(docs, TARGET))
                .hasMessageContaining("no longer contains 'listen 80;'");
    }

    @Test
    void timeoutsOutlastTheHeartbeatAndTheIdleConnectionsCloseOnNginxsSide() throws Exception {
        String docs = NginxConfigTemplate.docs();
        Duration heartbeat = EngineIoConfig.DEFAULT_PING_INTERVAL.plus(EngineIoConfig.DEFAULT_PING_TIMEOUT);
        for (String directive : List.of("proxy_read_timeout", "proxy_send_timeout")) {
            assertThat(seconds(docs, directive)).as(directive).hasSize(1)
                    .allSatisfy(s -> assertThat(Duration.ofSeconds(s)).isGreaterThan(heartbeat));
        }
        // nginx drops an idle keep-alive connection before Parley's --http-idle-timeout would.
        assertThat(seconds(docs, "keepalive_timeout")).hasSize(3)
                .allSatisfy(s -> assertThat(Duration.ofSeconds(s)).isLessThan(ServerConfig.DEFAULT_HTTP_IDLE_TIMEOUT));
    }

    @Test
    void bodyLimitsLetThroughWhatParleyAccepts() throws Exception {
        List<Long> limits = megabytes(NginxConfigTemplate.docs(), "client_max_body_size");
        assertThat(limits).hasSize(2);
        // The server-wide one: the chat's uploads, so that Parley (not nginx) refuses a file that is too large.
        assertThat(limits.get(0)).isGreaterThan(ChatConfig.DEFAULT_MAX_UPLOAD_SIZE);
        // /socket.io/: a polling POST of maxHttpBufferSize.
        assertThat(limits.get(1)).isGreaterThanOrEqualTo(EngineIoConfig.DEFAULT_MAX_HTTP_BUFFER_SIZE);
    }

    @Test
    void webSocketUpgradesAndForwardedHeadersAreThere() throws Exception {
        String docs = NginxConfigTemplate.docs();
        assertThat(docs).contains("map $http_upgrade $connection_upgrade {", "proxy_http_version 1.1;",
                "proxy_set_header Upgrade $http_upgrade;", "proxy_set_header Connection $connection_upgrade;",
                "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
                "proxy_set_header X-Forwarded-Proto $scheme;", "proxy_buffering off;");
    }

    private static List<Long> seconds(String config, String directive) {
        return values(config, directive, "s");
    }

    private static List<Long> megabytes(String config, String directive) {
        return values(config, directive, "m").stream().map(m -> m * 1024 * 1024).toList();
    }

    /** The values of every uncommented {@code directive N<unit>;}. */
    private static List<Long> values(String config, String directive, String unit) {
        Matcher m = Pattern.compile("(?m)^\\s*" + directive + "\\s+(\\d+)" + unit + ";").matcher(config);
        return m.results().map(r -> Long.parseLong(r.group(1))).toList();
    }
}
