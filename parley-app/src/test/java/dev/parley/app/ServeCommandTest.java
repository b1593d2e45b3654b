package dev.parley.app;

import dev.parley.adminui.AdminUiAuth;
import dev.parley.adminui.AdminUiConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.adapter.redis.RedisAdapterOptions;
import dev.parley.adapter.redis.wire.SubscriptionMode;
import dev.parley.chat.ChatConfig;
import dev.parley.chat.ChatReadConfig;
import dev.parley.chat.ChatReceiptConfig;
import dev.parley.chat.ChatSearchConfig;
import dev.parley.engineio.EngineIoObserver;
import dev.parley.metrics.MetricsServer;
import dev.parley.server.DrainPolicy;
import dev.parley.server.Health;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.server.Transport;
import dev.parley.server.TlsConfig;
import dev.parley.socketio.SocketIoConfig;
import dev.parley.socketio.SocketIoObserver;
import dev.parley.socketio.SocketIoServer;
import dev.parley.socketio.adapter.InMemoryAdapter;
import dev.parley.socketio.parser.JsonParser;
import dev.parley.socketio.parser.MsgpackParser;
import dev.parley.websocket.WebSocketConfig;
import dev.parley.websocket.WebSocketObserver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class ServeCommandTest {
    private static ServerConfig parse(String... args) {
        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs(args);
        return command.serverConfig();
    }

    @Test
    void defaultsMatchTheDocumentedOnes() {
        ServerConfig config = parse();
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(3000);
        WebSocketConfig ws = config.webSocket();
        assertThat(ws).isEqualTo(WebSocketConfig.defaults());
        assertThat(ws.maxFrameSize()).isEqualTo(ws.maxMessageSize()).isEqualTo(1_048_576);
        assertThat(config.handshakeTimeout()).isEqualTo(ServerConfig.DEFAULT_HANDSHAKE_TIMEOUT);
        assertThat(config.httpIdleTimeout()).isEqualTo(ServerConfig.DEFAULT_HTTP_IDLE_TIMEOUT);
        assertThat(config.trustedProxies()).isEmpty();
        assertThat(config.webSocket().allowedOrigins()).isEmpty();
    }

    /**
     * Every option's default as docs/websocket.md, docs/socketio.md and docs/chat.md state it, written the
     * way the command line takes it (null: no default). A new option must be added here, and documented.
     */
    static final Map<String, String> DOCUMENTED_DEFAULTS = documentedDefaults();

    /** Repeatable options with no environment variable. */
    static final Set<String> REPEATED_ONLY = Set.of("--feed");

    private static Map<String, String> documentedDefaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("--host", "127.0.0.1");
        d.put("--port", "3000");
        d.put("--dev", "false");
        d.put("--allowed-origins", "");
        d.put("--trusted-proxies", "");
        d.put("--static-dir", null);
        d.put("--handshake-timeout", "10s");
        d.put("--http-idle-timeout", "60s");
        d.put("--max-request-body-size", "65536");
        d.put("--blocking-threads", "64");
        d.put("--shutdown-grace", "5s");
        d.put("--no-native-transport", "false");
        d.put("--transport", "auto");
        d.put("--handlers", "AUTO");
        d.put("--blocked-loop-warning", "1s");
        d.put("--blocked-loop-report-interval", "60s");
        d.put("--reuse-port", "false");
        d.put("--ws-max-frame-size", "-1"); // -1: the message size
        d.put("--ws-max-message-size", "1048576");
        d.put("--ws-max-buffered-amount", "4194304");
        d.put("--ws-slow-consumer", "CLOSE");
        d.put("--ws-close-timeout", "5s");
        d.put("--ws-idle-timeout", "0s");
        d.put("--ws-permessage-deflate", "false");
        d.put("--ws-deflate-threshold", "1024");
        d.put("--ws-deflate-level", "6");
        d.put("--ws-inbound-queue-limit", "1048576");
        d.put("--app", "chat");
        d.put("--data-dir", "data");
        d.put("--db", null);
        d.put("--db-user", null);
        d.put("--db-password", null);
        d.put("--max-message-length", "4000");
        d.put("--max-upload-size", "26214400");
        d.put("--push-token", null);
        d.put("--auth-failure-limit", "10");
        d.put("--auth-failure-window", "1m");
        d.put("--auth-throttle-addresses", "10000");
        d.put("--registration-limit", "20");
        d.put("--registration-window", "10m");
        d.put("--max-rooms", "1000");
        d.put("--room-action-limit", "30");
        d.put("--room-action-window", "10s");
        d.put("--typing-limit", "10");
        d.put("--typing-window", "10s");
        d.put("--upload-quota", "524288000");
        d.put("--room-expiry", "10m");
        d.put("--upload-retention", "0s");
        d.put("--leave-grace", "5s");
        d.put("--list-page-size", "500");
        d.put("--node-ttl", "5s");
        d.put("--max-mentions", "20");
        d.put("--accounts", "guests");
        d.put("--password-min-length", "8");
        d.put("--password-max-length", "200");
        d.put("--sign-in-failure-limit", "10");
        d.put("--sign-in-failure-window", "15m");
        d.put("--password-hash-threads", "0");
        d.put("--password-hash-queue", "64");
        d.put("--admin", "");
        d.put("--search-limit", "20");
        d.put("--search-window", "10s");
        d.put("--search-page-size", "20");
        d.put("--search-max-query-length", "200");
        d.put("--search-max-words", "10");
        d.put("--read-burst", "200");
        d.put("--read-rate", "20");
        d.put("--receipt-burst", "1000");
        d.put("--receipt-rate", "100");
        d.put("--max-page-bytes", "1048576");
        d.put("--ping-interval", "25000");
        d.put("--ping-timeout", "20000");
        d.put("--upgrade-timeout", "10000");
        d.put("--max-http-buffer-size", "1000000");
        d.put("--max-buffered-amount", "4194304");
        d.put("--cors-origins", "");
        d.put("--connect-timeout", "45000");
        d.put("--parser", "json");
        d.put("--recovery-max-packets", "10000");
        d.put("--recovery-max-bytes", "8388608");
        d.put("--redis", null);
        d.put("--adapter", "classic");
        d.put("--redis-stream-name", "socket.io");
        d.put("--redis-stream-max-len", "10000");
        d.put("--redis-stream-count", "1");
        d.put("--subscription-mode", "dynamic");
        d.put("--redis-key", "socket.io");
        d.put("--redis-requests-timeout", "5s");
        d.put("--admin-ui", "false");
        d.put("--admin-ui-user", null);
        d.put("--admin-ui-password-hash", null);
        d.put("--admin-ui-readonly", "false");
        d.put("--admin-ui-mode", "development");
        d.put("--metrics-port", null);
        d.put("--metrics-host", "127.0.0.1");
        d.put("--tls-cert", null);
        d.put("--tls-key", null);
        d.put("--tls-self-signed", "false");
        d.put("--tls-reload-interval", "5s");
        d.put("--tls-provider", "AUTO");
        d.put("--http-redirect-port", null);
        d.put("--drain-readiness-delay", "5s");
        d.put("--drain-rate", "500");
        d.put("--drain-timeout", "30s");
        d.put("--health-check-timeout", "2s");
        d.put("--health-cache", "1s");
        d.put("--log-format", "text");
        d.put("--publish-token", null);
        d.put("--publish-jwt-secret", null);
        d.put("--publish-max-size", "65536");
        d.put("--private-topics", "");
        d.put("--history-size", "1000");
        d.put("--history-age", "1h");
        d.put("--max-topics", "100000");
        d.put("--feed", null);
        d.put("--feeds-file", null);
        d.put("--feed-timeout", "10s");
        d.put("--feed-max-size", "1048576");
        d.put("--feed-max-backoff", "5m");
        d.put("--sse-heartbeat", "15s");
        d.put("--sse-retry", "2s");
        d.put("--sse-max-topics", "32");
        d.put("--sse-max-streams", "50000");
        d.put("--sse-max-streams-per-address", "100");
        d.put("--sse-max-buffered", "1048576");
        d.put("--poll-max-wait", "30s");
        d.put("--poll-max-events", "100");
        d.put("--poll-max-waiting", "50000");
        d.put("--poll-max-waiting-per-address", "100");
        d.put("--subscriber-max-topics", "100");
        d.put("--subscriber-max-message-size", "4096");
        d.put("--subscriber-max-replay", "1048576");
        return d;
    }

    /** The options that take a value or a flag (not --help, --version, --print-config). */
    static List<OptionSpec> configOptions() {
        return new CommandLine(new ServeCommand()).getCommandSpec().options().stream()
                .filter(o -> !o.usageHelp() && !o.versionHelp() && !o.longestName().equals("--print-config"))
                .toList();
    }

    /** {@code --ws-max-frame-size} -> {@code PARLEY_WS_MAX_FRAME_SIZE}. */
    static String environmentVariable(String option) {
        return "PARLEY_" + option.substring(2).toUpperCase(Locale.ROOT).replace('-', '_');
    }

    @Test
    void everyOptionHasItsEnvironmentVariableTheDocumentedDefaultAndADocLine() throws Exception {
        String docs = Files.readString(Path.of("../docs/websocket.md")) + Files.readString(Path.of("../docs/socketio.md"))
                + Files.readString(Path.of("../docs/chat.md")) + Files.readString(Path.of("../README.md"))
                + Files.readString(Path.of("../docs/operations.md")) + Files.readString(Path.of("../docs/push.md"));
        assertThat(configOptions()).extracting(OptionSpec::longestName)
                .containsExactlyInAnyOrderElementsOf(DOCUMENTED_DEFAULTS.keySet());
        for (OptionSpec option : configOptions()) {
            String name = option.longestName();
            String env = environmentVariable(name);
            String documented = DOCUMENTED_DEFAULTS.get(name);
            if (REPEATED_ONLY.contains(name)) {
                // Given once per value on the command line; their file twin (--feeds-file) has the variable.
                assertThat(docs).as("%s is documented", name).contains("`" + name);
                continue;
            }
            String declared = ((Field) option.userObject()).getAnnotation(CommandLine.Option.class).defaultValue();
            assertThat(declared).as(name)
                    .isEqualTo(documented == null ? "${env:" + env + "}" : "${env:" + env + ":-" + documented + "}");
            assertThat(String.join(" ", option.description())).as(name).contains("env " + env);
            assertThat(docs).as("%s is documented", name).contains("`" + name);
        }
    }

    private static SocketIoConfig chatSocketIo(String... args) {
        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs(args);
        return command.chatSocketIoConfig();
    }

    @Test
    void recoveryBoundsDefaultToTheDocumentedOnesAndAreParsed() {
        SocketIoConfig defaults = chatSocketIo();
        assertThat(defaults.recoveryMaxPackets()).isEqualTo(SocketIoConfig.DEFAULT_RECOVERY_MAX_PACKETS);
        assertThat(defaults.recoveryMaxBytes()).isEqualTo(SocketIoConfig.DEFAULT_RECOVERY_MAX_BYTES);
        SocketIoConfig set = chatSocketIo("--recovery-max-packets", "500", "--recovery-max-bytes", "65536");
        assertThat(set.recoveryMaxPackets()).isEqualTo(500);
        assertThat(set.recoveryMaxBytes()).isEqualTo(65_536);
        assertThatThrownBy(() -> chatSocketIo("--recovery-max-packets", "0")).hasMessageContaining("recoveryMaxPackets");
    }

    @Test
    void parserIsJsonByDefaultAndMsgpackOnRequest() {
        ServeCommand json = new ServeCommand();
        new CommandLine(json).parseArgs("--app", "echo");
        assertThat(json.echoSocketIoConfig().parser()).isInstanceOf(JsonParser.class);
        ServeCommand msgpack = new ServeCommand();
        new CommandLine(msgpack).parseArgs("--app", "echo", "--parser", "msgpack");
        assertThat(msgpack.echoSocketIoConfig().parser()).isInstanceOf(MsgpackParser.class);
        assertThatThrownBy(() -> new CommandLine(new ServeCommand()).parseArgs("--parser", "xml"))
                .hasMessageContaining("xml");
    }

    @Test
    void msgpackIsRefusedForTheChat() {
        CommandLine line = new CommandLine(new ServeCommand());
        StringWriter err = new StringWriter();
        line.setErr(new java.io.PrintWriter(err));
        assertThat(line.execute("--app", "chat", "--parser", "msgpack", "--port", "0")).isNotZero();
        assertThat(err.toString()).contains("--parser msgpack is not for the chat");
    }

    @Test
    void theConformanceRunCommandLine() {
        ServerConfig config = parse("--host", "127.0.0.1", "--port", "9001", "--ws-max-message-size", "16777216",
                "--ws-permessage-deflate");
        assertThat(config.port()).isEqualTo(9001);
        assertThat(config.webSocket().maxMessageSize()).isEqualTo(16_777_216);
        assertThat(config.webSocket().maxFrameSize()).isEqualTo(16_777_216);
        assertThat(config.webSocket().permessageDeflate()).isTrue();
    }

    @Test
    void metricsAreOffWithoutAPortAndEveryLayerGetsANoOpObserver() throws Exception {
        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs("--app", "echo");
        assertThat(command.metrics.enabled()).isFalse();
        assertThat(command.serverConfig().webSocket().observer()).isSameAs(WebSocketObserver.NONE);
        assertThat(command.engineIoConfig("/engine.io/").observer()).isSameAs(EngineIoObserver.NONE);
        assertThat(command.echoSocketIoConfig().observer()).isSameAs(SocketIoObserver.NONE);
        assertThat(command.metrics.start(ClusterMembership.single(), new Health(new ParleyServer(command.serverConfig())), () -> 0))
                .isNull();
        command.metrics.close();
    }

    @Test
    void metricsPortBindsLoopbackByDefaultAndServesEveryLayersFigures() throws Exception {
        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs("--app", "echo", "--metrics-port", "0");
        assertThat(command.serverConfig().webSocket().observer()).isSameAs(command.metrics.metrics().webSocketObserver());
        assertThat(command.engineIoConfig("/engine.io/").observer()).isNotSameAs(EngineIoObserver.NONE);
        assertThat(command.chatSocketIoConfig().observer()).isSameAs(command.metrics.metrics().socketIoObserver());
        // The main server not started yet: the metrics port's /readyz says so, as the main port's would.
        Health health = new Health(new ParleyServer(command.serverConfig()));
        MetricsServer server = command.metrics.start(ClusterMembership.single(), health, () -> 3);
        try {
            assertThat(server.host()).isEqualTo("127.0.0.1");
            java.net.http.HttpResponse<String> scrape = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url() + "/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body()).contains("parley_adapter_lost_publishes_total 0.0", "jvm_memory_used_bytes",
                    "parley_event_loop_blocked_turns_total 3.0");
            java.net.http.HttpResponse<String> ready = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url() + "/readyz")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("\"reason\":\"not started\"");
        } finally {
            command.metrics.close();
        }
        ServeCommand anyHost = new ServeCommand();
        new CommandLine(anyHost).parseArgs("--metrics-port", "9464", "--metrics-host", "0.0.0.0");
        assertThat(anyHost.metrics.metricsPort).isEqualTo(9464);
        assertThat(anyHost.metrics.metricsHost).isEqualTo("0.0.0.0");
    }

    @Test
    void transportIsAutoByDefaultAndTakesEachName() {
        assertThat(parse().transport()).isEqualTo(Transport.AUTO);
        assertThat(parse("--transport", "io_uring").transport()).isEqualTo(Transport.IO_URING);
        assertThat(parse("--transport", "EPOLL").transport()).isEqualTo(Transport.EPOLL);
        assertThat(parse("--transport", "nio").transport()).isEqualTo(Transport.NIO);
        assertThat(parse("--no-native-transport").transport()).isEqualTo(Transport.NIO);
        assertThatThrownBy(() -> parse("--transport", "kqueue")).hasMessageContaining("auto, io_uring, epoll, nio");
        StringWriter err = new StringWriter();
        CommandLine line = new CommandLine(new ServeCommand()).setErr(new PrintWriter(err));
        assertThat(line.execute("--no-native-transport", "--transport", "epoll", "--port", "0")).isNotZero();
        assertThat(err.toString()).contains("--no-native-transport contradicts --transport epoll");
    }

    @Test
    void everyOptionIsParsed() {
        ServerConfig config = parse("--dev", "--allowed-origins", "https://a.example,https://b.example",
                "--trusted-proxies", "127.0.0.1", "--ws-max-frame-size", "4096", "--ws-close-timeout", "1500ms",
                "--ws-idle-timeout", "2m", "--ws-slow-consumer", "DROP", "--ws-deflate-level", "9",
                "--ws-deflate-threshold", "10", "--handshake-timeout", "3s", "--shutdown-grace", "1",
                "--ws-max-buffered-amount", "100", "--ws-inbound-queue-limit", "200", "--no-native-transport");
        WebSocketConfig ws = config.webSocket();
        assertThat(ws.allowedOrigins()).containsExactly("https://a.example", "https://b.example", "*");
        assertThat(config.trustedProxies()).isEqualTo(List.of("127.0.0.1"));
        assertThat(ws.maxFrameSize()).isEqualTo(4096);
        assertThat(ws.closeTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(ws.idleTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(ws.slowConsumerPolicy()).isEqualTo(WebSocketConfig.SlowConsumerPolicy.DROP);
        assertThat(ws.deflateLevel()).isEqualTo(9);
        assertThat(ws.deflateThreshold()).isEqualTo(10);
        assertThat(ws.maxBufferedAmount()).isEqualTo(100);
        assertThat(ws.inboundQueueLimit()).isEqualTo(200);
        assertThat(config.handshakeTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.transport()).isEqualTo(Transport.NIO);
    }

    @Test
    void tlsIsOffByDefaultAndEveryTlsOptionIsParsed() {
        assertThat(parse().tls()).isNull();
        TlsConfig pem = parse("--tls-cert", "/etc/parley/fullchain.pem", "--tls-key", "/etc/parley/privkey.pem",
                "--tls-reload-interval", "30s", "--tls-provider", "JDK", "--http-redirect-port", "8080").tls();
        assertThat(pem.certificateChain()).isEqualTo(Path.of("/etc/parley/fullchain.pem"));
        assertThat(pem.privateKey()).isEqualTo(Path.of("/etc/parley/privkey.pem"));
        assertThat(pem.reloadInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(pem.provider()).isEqualTo(TlsConfig.Provider.JDK);
        assertThat(pem.httpRedirectPort()).isEqualTo(8080);
        assertThat(pem.selfSignedAtStart()).isFalse();
        TlsConfig defaults = parse("--tls-cert", "c.pem", "--tls-key", "k.pem").tls();
        assertThat(defaults.reloadInterval()).isEqualTo(TlsConfig.DEFAULT_RELOAD_INTERVAL).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.provider()).isEqualTo(TlsConfig.Provider.AUTO);
        assertThat(defaults.httpRedirectPort()).isEqualTo(TlsConfig.NO_REDIRECT);
        assertThat(parse("--tls-self-signed").tls().selfSignedAtStart()).isTrue();
    }

    @Test
    void tlsOptionsThatCannotApplyAreRefused() {
        assertThatThrownBy(() -> parse("--tls-cert", "c.pem")).hasMessageContaining("--tls-cert and --tls-key go together");
        assertThatThrownBy(() -> parse("--tls-key", "k.pem")).hasMessageContaining("--tls-cert and --tls-key go together");
        assertThatThrownBy(() -> parse("--tls-self-signed", "--tls-cert", "c.pem", "--tls-key", "k.pem"))
                .hasMessageContaining("--tls-self-signed makes its own certificate");
        assertThatThrownBy(() -> parse("--http-redirect-port", "8080")).hasMessageContaining("needs --tls-cert");
        assertThatThrownBy(() -> parse("--tls-self-signed", "--tls-reload-interval", "0s"))
                .hasMessageContaining("reloadInterval must be positive");
        StringWriter err = new StringWriter();
        assertThat(execute(err, "--app", "demo", "--port", "0", "--tls-cert", "c.pem")).isEqualTo(2);
        assertThat(err.toString()).contains("--tls-cert and --tls-key go together");
    }

    @Test
    void drainHealthAndLogOptionsDefaultToTheServerModulesDefaults() {
        ServeCommand command = command();
        assertThat(command.drain.policy()).isEqualTo(DrainPolicy.defaults());
        assertThat(command.drain.checkTimeout).isEqualTo(Health.DEFAULT_TIMEOUT);
        assertThat(command.drain.cacheFor).isEqualTo(Health.DEFAULT_CACHE_FOR);
        assertThat(command.logs.format).isEqualTo(LogFormat.text);
    }

    @Test
    void drainHealthAndLogOptionsAreParsed() {
        ServeCommand command = command("--drain-readiness-delay", "0s", "--drain-rate", "50", "--drain-timeout", "2m",
                "--health-check-timeout", "500ms", "--health-cache", "0s", "--log-format", "json");
        assertThat(command.drain.policy()).isEqualTo(new DrainPolicy(Duration.ZERO, 50, Duration.ofMinutes(2)));
        assertThat(command.drain.checkTimeout).isEqualTo(Duration.ofMillis(500));
        assertThat(command.drain.cacheFor).isEqualTo(Duration.ZERO);
        assertThat(command.logs.format).isEqualTo(LogFormat.json);
        assertThatThrownBy(() -> command("--log-format", "xml")).isInstanceOf(CommandLine.ParameterException.class);
    }

    @Test
    void chatSecurityOptions() {
        ServeCommand defaults = new ServeCommand();
        new CommandLine(defaults).parseArgs();
        ChatConfig chat = defaults.chatConfig();
        assertThat(chat.allowedOrigins()).isEmpty();
        assertThat(chat.authFailureLimit()).isEqualTo(ChatConfig.DEFAULT_AUTH_FAILURE_LIMIT);
        assertThat(chat.authFailureWindow()).isEqualTo(ChatConfig.DEFAULT_AUTH_FAILURE_WINDOW);
        assertThat(chat.authThrottleAddresses()).isEqualTo(ChatConfig.DEFAULT_AUTH_THROTTLE_ADDRESSES);
        assertThat(chat.registrationLimit()).isEqualTo(20).isEqualTo(ChatConfig.DEFAULT_REGISTRATION_LIMIT);
        assertThat(chat.registrationWindow()).isEqualTo(Duration.ofMinutes(10))
                .isEqualTo(ChatConfig.DEFAULT_REGISTRATION_WINDOW);

        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs("--allowed-origins", "https://a.example", "--dev", "--auth-failure-limit", "5",
                "--auth-failure-window", "30s", "--auth-throttle-addresses", "100", "--registration-limit", "3",
                "--registration-window", "2h");
        chat = command.chatConfig();
        assertThat(chat.allowedOrigins()).containsExactly("https://a.example", "*");
        assertThat(chat.authFailureLimit()).isEqualTo(5);
        assertThat(chat.authFailureWindow()).isEqualTo(Duration.ofSeconds(30));
        assertThat(chat.authThrottleAddresses()).isEqualTo(100);
        assertThat(chat.registrationLimit()).isEqualTo(3);
        assertThat(chat.registrationWindow()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void chatAbuseLimits() {
        ChatConfig defaults = command().chatConfig();
        assertThat(defaults.maxRooms()).isEqualTo(1000).isEqualTo(ChatConfig.DEFAULT_MAX_ROOMS);
        assertThat(defaults.roomActionLimit()).isEqualTo(30).isEqualTo(ChatConfig.DEFAULT_ROOM_ACTION_LIMIT);
        assertThat(defaults.roomActionWindow()).isEqualTo(Duration.ofSeconds(10))
                .isEqualTo(ChatConfig.DEFAULT_ROOM_ACTION_WINDOW);
        assertThat(defaults.typingLimit()).isEqualTo(10).isEqualTo(ChatConfig.DEFAULT_TYPING_LIMIT);
        assertThat(defaults.typingWindow()).isEqualTo(Duration.ofSeconds(10)).isEqualTo(ChatConfig.DEFAULT_TYPING_WINDOW);
        assertThat(defaults.uploadQuota()).isEqualTo(524_288_000L).isEqualTo(ChatConfig.DEFAULT_UPLOAD_QUOTA);
        assertThat(defaults.roomExpiry()).isEqualTo(Duration.ofMinutes(10)).isEqualTo(ChatConfig.DEFAULT_ROOM_EXPIRY);
        assertThat(defaults.uploadRetention()).isZero();
        assertThat(defaults.leaveGrace()).isEqualTo(Duration.ofSeconds(5)).isEqualTo(ChatConfig.DEFAULT_LEAVE_GRACE);
        assertThat(defaults.listPageSize()).isEqualTo(500).isEqualTo(ChatConfig.DEFAULT_LIST_PAGE_SIZE);

        ChatConfig set = command("--max-rooms", "50", "--room-action-limit", "4", "--room-action-window", "1m",
                "--typing-limit", "3", "--typing-window", "5s", "--upload-quota", "1000", "--room-expiry", "1h", "--upload-retention", "720h").chatConfig();
        assertThat(set.maxRooms()).isEqualTo(50);
        assertThat(set.roomActionLimit()).isEqualTo(4);
        assertThat(set.roomActionWindow()).isEqualTo(Duration.ofMinutes(1));
        assertThat(set.typingLimit()).isEqualTo(3);
        assertThat(set.typingWindow()).isEqualTo(Duration.ofSeconds(5));
        assertThat(set.uploadQuota()).isEqualTo(1000);
        assertThat(set.roomExpiry()).isEqualTo(Duration.ofHours(1));
        assertThat(set.uploadRetention()).isEqualTo(Duration.ofDays(30));
        ChatConfig presence = command("--leave-grace", "0s", "--list-page-size", "50").chatConfig();
        assertThat(presence.leaveGrace()).isZero();
        assertThat(presence.listPageSize()).isEqualTo(50);
        assertThat(command("--max-mentions", "3").chatConfig().maxMentions()).isEqualTo(3);
    }

    @Test
    void chatModeratorsAreNamedByAdmin() {
        assertThat(command().chatConfig().admins()).isEmpty();
        assertThat(command("--admin", "alice, Bob", "--admin", "carol").chatConfig().admins())
                .containsExactly("alice", "Bob", "carol");
    }

    @Test
    void chatSearchBoundsDefaultToTheChatsAndAreParsed() {
        assertThat(command().chatConfig().search()).isEqualTo(ChatSearchConfig.DEFAULTS);
        ChatSearchConfig set = command("--search-limit", "5", "--search-window", "1m", "--search-page-size", "7",
                "--search-max-query-length", "80", "--search-max-words", "3").chatConfig().search();
        assertThat(set).isEqualTo(new ChatSearchConfig(80, 3, 7, 5, Duration.ofMinutes(1),
                ChatSearchConfig.DEFAULT_SNIPPET_LENGTH));
    }

    @Test
    void chatReadBudgetDefaultsToTheChatsAndIsParsed() {
        assertThat(command().chatConfig().reads()).isEqualTo(ChatReadConfig.DEFAULTS);
        assertThat(command("--read-burst", "50", "--read-rate", "5").chatConfig().reads())
                .isEqualTo(new ChatReadConfig(50, 5));
    }

    @Test
    void chatPageBytesDefaultToTheChatsAndAreParsed() {
        assertThat(command().chatConfig().maxPageBytes()).isEqualTo(ChatConfig.DEFAULT_MAX_PAGE_BYTES);
        assertThat(command("--max-page-bytes", "65536").chatConfig().maxPageBytes()).isEqualTo(65536);
    }

    @Test
    void chatReceiptBudgetDefaultsToTheChatsAndIsParsed() {
        assertThat(command().chatConfig().receipts()).isEqualTo(ChatReceiptConfig.DEFAULTS);
        assertThat(command("--receipt-burst", "50", "--receipt-rate", "5").chatConfig().receipts())
                .isEqualTo(new ChatReceiptConfig(50, 5));
    }

    private static ServeCommand command(String... args) {
        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void clusterOptionsDefaultToTheAdapterModulesDefaults() {
        ServeCommand single = command();
        assertThat(single.redis).isNull();
        assertThat(single.adapter).isEqualTo(AdapterKind.CLASSIC);
        // With only --redis given, the options are exactly RedisAdapterOptions.of(uri): the documented
        // defaults of --redis-key and --redis-requests-timeout are the module's.
        RedisAdapterOptions options = command("--redis", "redis://127.0.0.1:6379").redisAdapterOptions();
        assertThat(options).isEqualTo(RedisAdapterOptions.of("redis://127.0.0.1:6379"));
        assertThat(options.key()).isEqualTo(RedisAdapterOptions.DEFAULT_KEY).isEqualTo("socket.io");
        assertThat(options.requestsTimeout()).isEqualTo(RedisAdapterOptions.DEFAULT_REQUESTS_TIMEOUT)
                .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void clusterOptionsAreParsed() {
        ServeCommand command = command("--redis", "rediss://app:s3cret@redis.example:6380/2", "--adapter", "CLASSIC",
                "--redis-key", "parley-test", "--redis-requests-timeout", "1500ms");
        RedisAdapterOptions options = command.redisAdapterOptions();
        assertThat(options.uri()).isEqualTo("rediss://app:s3cret@redis.example:6380/2");
        assertThat(options.key()).isEqualTo("parley-test");
        assertThat(options.requestsTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(command.adapter).isEqualTo(AdapterKind.CLASSIC);
    }

    @Test
    void aRedisClusterIsNamedBySomeOfItsNodesInOneUri() {
        RedisAdapterOptions options = command("--redis", "rediss://app:s3cret@10.0.0.1:7000,10.0.0.2:7001,redis-3")
                .redisAdapterOptions();
        assertThat(options.uri()).isEqualTo("rediss://app:s3cret@10.0.0.1:7000,10.0.0.2:7001,redis-3");
        assertThat(RedisUri.parse("redis://app:s3cret@h1:7000,h2:7001").toString()).isEqualTo("redis://app:***@h1:7000,h2:7001");
        for (String bad : List.of("redis://h1:7000,", "redis://h1:7000,:7001", "redis://h1:7000,h2:port",
                "redis://,")) {
            assertThatThrownBy(() -> command("--redis", bad)).as(bad).hasMessageContaining("names no host");
        }
    }

    @Test
    void onlyRedisUrisAreTaken() {
        for (String bad : List.of("http://127.0.0.1:6379", "127.0.0.1:6379", "redis:///0", "redis://:pw@:6379")) {
            assertThatThrownBy(() -> command("--redis", bad)).as(bad).hasMessageContaining("--redis");
        }
        assertThatThrownBy(() -> command("--redis", "http://user:hunter2@example:6379"))
                .hasMessageContaining("is not a Redis URI").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> command("--adapter", "kafka")).hasMessageContaining("known: classic, sharded, streams");
    }

    @Test
    void theRedisPasswordIsNeverPrinted() {
        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs("--redis", "redis://app:hunter2@redis.example:6379/1");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        command.printConfig(new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--redis=redis://app:***@redis.example:6379/1\n")
                .doesNotContain("hunter2");
        // User info without a colon is a password to Lettuce: hidden too.
        assertThat(RedisUri.parse("redis://hunter2@h:6379").toString()).isEqualTo("redis://:***@h:6379");
        assertThat(RedisUri.parse("redis://h:6379?timeout=5s").toString()).isEqualTo("redis://h:6379?timeout=5s");
        assertThat(RedisUri.parse("redis://u:hunter2@h").scrub("AUTH failed for hunter2")).isEqualTo("AUTH failed for ***");
    }

    /** Runs {@code serve} as {@link Main} would, returning the exit status; what it wrote to stderr goes to {@code err}. */
    private static int execute(StringWriter err, String... args) {
        CommandLine line = new CommandLine(new ServeCommand());
        line.setErr(new java.io.PrintWriter(err));
        return line.execute(args);
    }

    @Test
    void theShardedAdapterTakesNodesSubscriptionModes() {
        ServeCommand command = command("--redis", "redis://127.0.0.1:7000", "--adapter", "sharded",
                "--subscription-mode", "dynamic-private", "--redis-key", "sio");
        assertThat(command.adapter).isEqualTo(AdapterKind.SHARDED);
        assertThat(command.redisAdapterOptions().subscriptionMode()).isEqualTo(SubscriptionMode.DYNAMIC_PRIVATE);
        assertThat(command.redisAdapterOptions().key()).isEqualTo("sio");
        assertThat(command("--redis", "redis://127.0.0.1:7000", "--adapter", "SHARDED").redisAdapterOptions()
                .subscriptionMode()).as("Node's default").isEqualTo(SubscriptionMode.DYNAMIC);
        assertThat(command("--redis", "redis://h:1", "--adapter", "sharded", "--subscription-mode", "STATIC")
                .redisAdapterOptions().subscriptionMode()).isEqualTo(SubscriptionMode.STATIC);
        // A Redis nobody listens on: were the options taken, startup would end with status 1, not hang serving.
        String noRedis = "redis://127.0.0.1:1";
        StringWriter err = new StringWriter();
        assertThat(execute(err, "--app", "echo", "--redis", noRedis, "--adapter", "sharded",
                "--subscription-mode", "private", "--port", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown subscription mode 'private'");
        err = new StringWriter();
        assertThat(execute(err, "--app", "echo", "--redis", noRedis, "--subscription-mode", "static",
                "--port", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--subscription-mode is for --adapter sharded");
        err = new StringWriter();
        assertThat(execute(err, "--app", "echo", "--adapter", "sharded", "--port", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--adapter sharded needs --redis URI");
    }

    @Test
    void theStreamsAdapterTakesNodesStreamOptions() {
        ServeCommand command = command("--redis", "redis://127.0.0.1:6379", "--adapter", "streams",
                "--redis-stream-name", "chat-stream", "--redis-stream-max-len", "500", "--redis-key", "sio");
        assertThat(command.adapter).isEqualTo(AdapterKind.STREAMS);
        assertThat(command.redisAdapterOptions().streams().streamName()).isEqualTo("chat-stream");
        assertThat(command.redisAdapterOptions().streams().maxLen()).isEqualTo(500);
        assertThat(command.redisAdapterOptions().key()).as("Node's channelPrefix").isEqualTo("sio");
        assertThat(command("--redis", "redis://h:1", "--adapter", "STREAMS").redisAdapterOptions().streams())
                .as("Node's defaults").isEqualTo(dev.parley.adapter.redis.StreamOptions.defaults());
        StringWriter err = new StringWriter();
        assertThat(execute(err, "--app", "echo", "--redis", "redis://127.0.0.1:6379", "--redis-stream-max-len", "5",
                "--port", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--redis-stream-max-len is for --adapter streams (the classic adapter has no stream)");
        err = new StringWriter();
        assertThat(execute(err, "--app", "echo", "--redis", "redis://127.0.0.1:6379", "--adapter", "streams",
                "--redis-stream-max-len", "0", "--port", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("maxLen must be at least 1");
        err = new StringWriter();
        assertThat(execute(err, "--app", "echo", "--adapter", "streams", "--port", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--adapter streams needs --redis URI");
    }

    @Test
    void theStreamCountSpreadsTheNamespacesAsNodesStreamCountAndNeedsTheStreamsAdapter() {
        ServeCommand command = command("--redis", "redis://127.0.0.1:6379", "--adapter", "streams",
                "--redis-stream-count", "3", "--redis-stream-name", "sio");
        assertThat(command.redisAdapterOptions().streams().streamCount()).isEqualTo(3);
        assertThat(command.redisAdapterOptions().streams().streamName()).isEqualTo("sio");
        assertThat(command("--redis", "redis://h:1", "--adapter", "streams", "--redis-stream-count", "1024")
                .redisAdapterOptions().streams().streamCount()).as("the largest count").isEqualTo(1024);
        // A Redis nobody listens on: were the options taken, startup would end with status 1, not 2.
        String noRedis = "redis://127.0.0.1:1";
        for (String adapter : List.of("classic", "sharded")) {
            StringWriter err = new StringWriter();
            assertThat(execute(err, "--app", "echo", "--redis", noRedis, "--adapter", adapter, "--redis-stream-count", "3",
                    "--port", "0")).as(adapter).isEqualTo(2);
            assertThat(err.toString()).contains("--redis-stream-count is for --adapter streams (the " + adapter
                    + " adapter has no stream)");
        }
        StringWriter err = new StringWriter();
        assertThat(execute(err, "--app", "echo", "--redis", noRedis, "--redis-stream-count", "3", "--port", "0"))
                .as("the default adapter").isEqualTo(2);
        assertThat(err.toString()).contains("--redis-stream-count is for --adapter streams");
        for (String outOfRange : List.of("0", "1025", "-1")) {
            err = new StringWriter();
            assertThat(execute(err, "--app", "echo", "--redis", noRedis, "--adapter", "streams",
                    "--redis-stream-count", outOfRange, "--port", "0")).as(outOfRange).isEqualTo(2);
            assertThat(err.toString()).contains("streamCount must be in 1..1024");
        }
        err = new StringWriter();
        assertThat(execute(err, "--app", "echo", "--redis", noRedis, "--adapter", "streams",
                "--redis-stream-count", "three", "--port", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--redis-stream-count");
    }

    @Test
    void clusterOptionsThatCannotApplyAreRefused() {
        StringWriter err = new StringWriter();
        assertThat(execute(err, "--app", "echo", "--adapter", "classic", "--port", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--adapter classic needs --redis URI");
        err = new StringWriter();
        assertThat(execute(err, "--app", "demo", "--redis", "redis://127.0.0.1:6379", "--port", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--app demo serves raw WebSocket endpoints only");
        err = new StringWriter();
        assertThat(execute(err, "--app", "chat", "--redis", "redis://127.0.0.1:6379", "--port", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--redis with the chat needs --db URL")
                .contains("each server keeps its own SQLite file");
        err = new StringWriter();
        assertThat(execute(err, "--app", "chat", "--redis", "redis://127.0.0.1:6379", "--db", "jdbc:sqlite:/srv/chat.db",
                "--port", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--redis with the chat needs a database every server shares, PostgreSQL")
                .contains("not SQLite (jdbc:sqlite:/srv/chat.db)");
        err = new StringWriter();
        assertThat(execute(err, "--app", "chat", "--redis", "redis://10.0.0.1:7000,10.0.0.2:7001",
                "--db", "jdbc:postgresql://127.0.0.1/chat", "--port", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("names one Redis server, not a Redis Cluster");
        err = new StringWriter();
        assertThat(execute(err, "--app", "chat", "--redis", "redis://127.0.0.1:6379", "--db", "jdbc:postgresql://127.0.0.1/chat",
                "--node-ttl", "50ms", "--port", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--node-ttl must be at least 100ms");
        err = new StringWriter();
        assertThat(execute(err, "--app", "echo", "--redis", "redis://127.0.0.1:6379", "--redis-key", "",
                "--port", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("key must not be empty");
        err = new StringWriter();
        assertThat(execute(err, "--app", "echo", "--redis", "redis://127.0.0.1:6379", "--redis-requests-timeout", "0s",
                "--port", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("requestsTimeout must be positive");
    }

    @Test
    void withoutRedisEveryApplicationGetsTheInMemoryAdapter() {
        ServeCommand command = command("--app", "echo");
        for (SocketIoConfig config : List.of(command.echoSocketIoConfig(), command.chatSocketIoConfig())) {
            SocketIoServer io = new SocketIoServer(config);
            try {
                assertThat(io.sockets().adapter()).isExactlyInstanceOf(InMemoryAdapter.class);
            } finally {
                io.close();
            }
        }
    }

    /** A bcrypt hash (of "secret", cost 4) as bcryptjs, the Node package's library, writes it. */
    private static final String HASH = "$2a$04$aX2EBuDOBe3dOHKB7ygYSu5ojeEayI2KO5NCiPog2uaayCIuoUSY.";

    @Test
    void adminUiIsOffByDefaultAndItsOptionsAreParsed() {
        ServeCommand defaults = new ServeCommand();
        new CommandLine(defaults).parseArgs();
        assertThat(defaults.adminUi.enabled).isFalse();
        assertThat(defaults.engineIoConfig("/socket.io/").corsCredentials()).isFalse();

        ServeCommand set = new ServeCommand();
        new CommandLine(set).parseArgs("--admin-ui", "--admin-ui-user", "ops", "--admin-ui-password-hash", HASH,
                "--admin-ui-readonly", "--admin-ui-mode", "production");
        set.adminUi.check(new CommandLine(set), true);
        AdminUiConfig config = set.adminUi.config();
        assertThat(config.auth()).isEqualTo(AdminUiAuth.basic("ops", HASH));
        assertThat(config.readonly()).isTrue();
        assertThat(config.mode()).isEqualTo(AdminUiConfig.Mode.PRODUCTION);
        assertThat(config.namespaceName()).isEqualTo("/admin");
        // The hosted UI connects with credentials: allowed origins (--cors-origins) must get them.
        assertThat(set.engineIoConfig("/socket.io/").corsCredentials()).isTrue();

        ServeCommand open = new ServeCommand();
        new CommandLine(open).parseArgs("--admin-ui");
        open.adminUi.check(new CommandLine(open), true);
        assertThat(open.adminUi.config().auth()).isEqualTo(AdminUiAuth.none());
        assertThat(open.adminUi.config().mode()).isEqualTo(AdminUiConfig.Mode.DEVELOPMENT);
    }

    @Test
    void adminUiOptionsThatCannotApplyAreRefused() {
        StringWriter err = new StringWriter();
        assertThat(execute(err, "--app", "echo", "--admin-ui", "--admin-ui-user", "ops", "--port", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--admin-ui-user needs --admin-ui-password-hash");
        err = new StringWriter();
        assertThat(execute(err, "--app", "echo", "--admin-ui", "--admin-ui-password-hash", HASH, "--port", "0"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--admin-ui-password-hash needs --admin-ui-user");
        err = new StringWriter();
        assertThat(execute(err, "--app", "echo", "--admin-ui", "--admin-ui-user", "ops", "--admin-ui-password-hash",
                "hunter2", "--port", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("must be given as a bcrypt hash").doesNotContain("hunter2");
        err = new StringWriter();
        assertThat(execute(err, "--app", "echo", "--admin-ui-readonly", "--port", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("need --admin-ui");
        err = new StringWriter();
        assertThat(execute(err, "--app", "demo", "--admin-ui", "--port", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--admin-ui is for the Socket.IO applications");
    }

    @Test
    void anAdminUiWithoutAuthenticationIsWarnedAboutLoudly() {
        ServeCommand open = new ServeCommand();
        new CommandLine(open).parseArgs("--admin-ui");
        dev.parley.socketio.SocketIoServer io = new dev.parley.socketio.SocketIoServer(
                dev.parley.socketio.SocketIoConfig.defaults());
        StringWriter err = new StringWriter();
        try (dev.parley.adminui.AdminUi admin = open.adminUi.instrument(io, new java.io.PrintWriter(err))) {
            assertThat(admin).isNotNull();
            assertThat(err.toString()).startsWith("WARNING: --admin-ui without --admin-ui-user")
                    .contains("disconnect every client");
        } finally {
            io.close();
        }
        ServeCommand off = new ServeCommand();
        new CommandLine(off).parseArgs();
        assertThat(off.adminUi.instrument(io, new java.io.PrintWriter(new StringWriter()))).isNull();
    }

    @Test
    void theAdminUiPasswordHashIsNeverPrinted() {
        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs("--admin-ui", "--admin-ui-user", "ops", "--admin-ui-password-hash", HASH);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        command.printConfig(new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--admin-ui-password-hash=set\n")
                .contains("--admin-ui-user=ops\n").doesNotContain(HASH);
    }

    @Test
    void badValuesAreRejectedWithAClearMessage() {
        assertThatThrownBy(() -> parse("--ws-close-timeout", "soon"))
                .hasMessageContaining("not a duration");
        assertThatThrownBy(() -> parse("--ws-deflate-level", "12")).hasMessageContaining("deflateLevel");
    }

    @Test
    void topLevelHelpListsEveryServeOption() {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            Main.main(new String[] {"--help"});
        } finally {
            System.setOut(original);
        }
        String help = out.toString(StandardCharsets.UTF_8);
        for (CommandLine.Model.OptionSpec option : new CommandLine(new ServeCommand()).getCommandSpec().options()) {
            assertThat(help).contains(option.longestName());
        }
        assertThat(help).contains("PARLEY_PORT");
    }
}
