package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.adapter.redis.RedisAdapterOptions;
import dev.parley.adapter.redis.wire.SubscriptionMode;
import dev.parley.chat.ChatConfig;
import dev.parley.server.ServerConfig;
import dev.parley.socketio.SocketIoConfig;
import dev.parley.socketio.SocketIoServer;
import dev.parley.socketio.adapter.InMemoryAdapter;
import dev.parley.socketio.parser.JsonParser;
import dev.parley.socketio.parser.MsgpackParser;
import dev.parley.websocket.WebSocketConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
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
        d.put("--shutdown-grace", "5s");
        d.put("--no-native-transport", "false");
        d.put("--handlers", "AUTO");
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
        d.put("--subscription-mode", "dynamic");
        d.put("--redis-key", "socket.io");
        d.put("--redis-requests-timeout", "5s");
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
                + Files.readString(Path.of("../docs/chat.md")) + Files.readString(Path.of("../README.md"));
        assertThat(configOptions()).extracting(OptionSpec::longestName)
                .containsExactlyInAnyOrderElementsOf(DOCUMENTED_DEFAULTS.keySet());
        for (OptionSpec option : configOptions()) {
            String name = option.longestName();
            String env = environmentVariable(name);
            String documented = DOCUMENTED_DEFAULTS.get(name);
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
        assertThat(config.nativeTransport()).isFalse();
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

        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs("--allowed-origins", "https://a.example", "--dev", "--auth-failure-limit", "5",
                "--auth-failure-window", "30s", "--auth-throttle-addresses", "100");
        chat = command.chatConfig();
        assertThat(chat.allowedOrigins()).containsExactly("https://a.example", "*");
        assertThat(chat.authFailureLimit()).isEqualTo(5);
        assertThat(chat.authFailureWindow()).isEqualTo(Duration.ofSeconds(30));
        assertThat(chat.authThrottleAddresses()).isEqualTo(100);
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
        assertThat(err.toString()).contains("--redis-stream-name and --redis-stream-max-len are for --adapter streams");
        err = new StringWriter();
        assertThat(execute(err, "--app", "echo", "--redis", "redis://127.0.0.1:6379", "--adapter", "streams",
                "--redis-stream-max-len", "0", "--port", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("maxLen must be at least 1");
        err = new StringWriter();
        assertThat(execute(err, "--app", "echo", "--adapter", "streams", "--port", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--adapter streams needs --redis URI");
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
