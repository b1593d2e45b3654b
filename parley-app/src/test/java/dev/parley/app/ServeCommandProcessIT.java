package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.testkit.LocalRedisCluster;
import dev.parley.testkit.WebSocketRecorder;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code parley serve} as a user runs it: a separate JVM started on {@link Main}, configured by
 * {@code PARLEY_*} environment variables, talked to over HTTP and WebSocket, stopped with SIGTERM
 * ({@link ServeProcess}).
 */
class ServeCommandProcessIT {
    private static final long WAIT_SECONDS = ServeProcess.WAIT_SECONDS;
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    @Test
    void everyEnvironmentVariableSetsItsOption() throws Exception {
        Map<String, String> env = new HashMap<>();
        List<String> cliArgs = new ArrayList<>();
        for (OptionSpec option : ServeCommandTest.configOptions()) {
            if (ServeCommandTest.REPEATED_ONLY.contains(option.longestName())) {
                continue; // no variable: given on the command line only
            }
            String sample = sampleValue(option);
            env.put(ServeCommandTest.environmentVariable(option.longestName()), sample);
            // A flag is set by its name alone on the command line (its variable says "true").
            cliArgs.add(option.arity().max() == 0 ? option.longestName() : option.longestName() + "=" + sample);
        }
        // The same values given on the command line, parsed here: what the variables must have produced.
        ServeCommand expected = new ServeCommand();
        CommandLine line = new CommandLine(expected);
        line.parseArgs(cliArgs.toArray(String[]::new));
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        expected.printConfig(new java.io.PrintStream(printed, true, StandardCharsets.UTF_8));
        ServeCommand defaults = new ServeCommand();
        new CommandLine(defaults).parseArgs();
        java.io.ByteArrayOutputStream defaultsPrinted = new java.io.ByteArrayOutputStream();
        defaults.printConfig(new java.io.PrintStream(defaultsPrinted, true, StandardCharsets.UTF_8));

        Process process = start(env, "serve", "--print-config");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();

        assertThat(output).contains("--redis=redis://sample:***@sample.example:6380/2").doesNotContain("sample-secret");
        List<String> fromEnvironment = output.lines().toList();
        List<String> fromCommandLine = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(fromEnvironment).containsExactlyElementsOf(fromCommandLine);
        // And every sample differs from its default, so no line can match by chance.
        List<String> atDefaults = defaultsPrinted.toString(StandardCharsets.UTF_8).lines().toList();
        for (int i = 0; i < fromCommandLine.size(); i++) {
            // Secrets print as "set" either way; --adapter has a single value so far.
            if (!fromCommandLine.get(i).startsWith("--db-password=") && !fromCommandLine.get(i).startsWith("--push-token=")
                    && !fromCommandLine.get(i).startsWith("--adapter=")
                    && !ServeCommandTest.REPEATED_ONLY.contains(fromCommandLine.get(i).split("=", 2)[0])) {
                assertThat(fromCommandLine.get(i)).isNotEqualTo(atDefaults.get(i));
            }
        }
    }

    /** The sample of {@code --redis}: its password must never be printed. */
    private static final String SAMPLE_REDIS = "redis://sample:sample-secret@sample.example:6380/2";

    /** A value of the option's type that is not its default. */
    private static String sampleValue(OptionSpec option) {
        Class<?> type = option.type();
        if (type == boolean.class || type == Boolean.class) {
            return "true";
        }
        if (type == int.class || type == long.class || type == Integer.class) {
            return "7";
        }
        if (type == java.time.Duration.class) {
            return "7s";
        }
        if (type.isEnum()) {
            String current = ServeCommandTest.DOCUMENTED_DEFAULTS.get(option.longestName());
            for (Object constant : type.getEnumConstants()) {
                if (!constant.toString().equals(current)) {
                    return constant.toString();
                }
            }
            return current; // the only value (--adapter: classic, so far)
        }
        if (type == RedisUri.class) {
            return SAMPLE_REDIS;
        }
        if (type == Path.class) {
            return "/tmp/parley-sample";
        }
        if (List.class.isAssignableFrom(type)) {
            return "https://sample.example";
        }
        return "sample-" + option.longestName().substring(2);
    }

    @Test
    void theChatServesItsPageAndSocketIo() throws Exception {
        try (ServeProcess server = ServeProcess.start(Map.of("PARLEY_APP", "chat", "PARLEY_PORT", "0",
                "PARLEY_DATA_DIR", dataDir.toString()))) {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(server.url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<title>Parley Chat</title>");
            HttpResponse<String> handshake = http.send(HttpRequest.newBuilder(
                    URI.create(server.url + "socket.io/?EIO=4&transport=polling")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(handshake.body()).startsWith("0{\"sid\":");
            assertThat(dataDir.resolve("parley-chat.db")).exists();
        }
    }

    @Test
    void theAdminUiNamespaceTakesTheHostedUisCrossOriginCredentialedConnection() throws Exception {
        String ui = "https://admin.example";
        try (ServeProcess server = ServeProcess.start(Map.of("PARLEY_APP", "echo", "PARLEY_PORT", "0",
                "PARLEY_ADMIN_UI", "true", "PARLEY_ADMIN_UI_READONLY", "true", "PARLEY_CORS_ORIGINS", ui))) {
            // The UI polls with credentials: the browser needs its origin echoed and credentials allowed.
            java.net.http.HttpResponse<String> open = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url + "socket.io/?EIO=4&transport=polling"))
                            .header("Origin", ui).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(open.headers().firstValue("Access-Control-Allow-Origin")).contains(ui);
            assertThat(open.headers().firstValue("Access-Control-Allow-Credentials")).contains("true");

            PollingSocketIoClient admin = PollingSocketIoClient.connect(server.url);
            admin.send("40/admin,");
            assertThat(admin.await("40/admin,")).contains("\"sid\"");
            assertThat(admin.await("42/admin,[\"config\"")).contains("AGGREGATED_EVENTS").doesNotContain("DISCONNECT");
            assertThat(admin.await("42/admin,[\"server_stats\"")).contains("\"clientsCount\"");
        }
    }

    /**
     * A transport asked for by name that does not load here (native transports turned off for this JVM,
     * through JAVA_TOOL_OPTIONS) stops the start with the reason, before anything listens.
     */
    @Test
    void anUnavailableTransportStopsTheStartWithTheReason() throws Exception {
        Process process = ServeProcess.startMain(Map.of("JAVA_TOOL_OPTIONS", "-Dio.netty.transport.noNative=true"), true,
                "serve", "--app", "echo", "--port", "0", "--transport", "io_uring");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isNotZero();
        assertThat(output).contains("--transport io_uring: the io_uring transport does not load here",
                "-Dio.netty.transport.noNative=true").doesNotContain("Parley is running");
    }

    @Test
    void theDemoEchoesOverAWebSocket() throws Exception {
        try (ServeProcess server = ServeProcess.start(Map.of("PARLEY_APP", "demo", "PARLEY_PORT", "0"))) {
            WebSocketRecorder client = new WebSocketRecorder();
            WebSocket ws = http.newWebSocketBuilder()
                    .buildAsync(URI.create(server.url.replace("http://", "ws://") + "ws/echo"), client)
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);
            ws.sendText("hello from a test", true).get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(client.messages.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("hello from a test");
        }
    }

    @Test
    void theEchoAppTakesItsHeartbeatFromTheEnvironment() throws Exception {
        try (ServeProcess server = ServeProcess.start(Map.of("PARLEY_APP", "echo", "PARLEY_PORT", "0",
                "PARLEY_PING_INTERVAL", "300", "PARLEY_PING_TIMEOUT", "200"))) {
            for (String path : List.of("engine.io/", "socket.io/")) {
                HttpResponse<String> open = http.send(HttpRequest.newBuilder(
                        URI.create(server.url + path + "?EIO=4&transport=polling")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(open.body()).startsWith("0{").contains("\"pingInterval\":300").contains("\"pingTimeout\":200");
            }
        }
    }

    /** The CI's Redis (.ci/run starts it). */
    private static final String REDIS = "redis://127.0.0.1:6379";

    /** Subscribers of a channel as Redis counts them (PUBSUB NUMSUB). */
    private static long subscribers(StatefulRedisConnection<String, String> redis, String channel) {
        return redis.sync().pubsubNumsub(channel).getOrDefault(channel, 0L);
    }

    @Test
    void twoEchoNodesFormAClusterOverRedisAndSubscribeBeforeAccepting() throws Exception {
        String key = "parley-serve-it-" + UUID.randomUUID();
        Map<String, String> env = Map.of("PARLEY_APP", "echo", "PARLEY_PORT", "0");
        RedisClient client = RedisClient.create(REDIS);
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            try (ServeProcess first = ServeProcess.start(env, "--redis", REDIS, "--redis-key", key)) {
                // No waiting: "Parley is running" is printed only once the subscriptions are confirmed.
                assertThat(subscribers(redis, key + "-request#/#")).isEqualTo(1);
                assertThat(subscribers(redis, key + "-request#/custom#")).isEqualTo(1);
                assertThat(first.startupLines).containsExactly("cluster: classic Redis adapter on " + REDIS + " key=" + key
                        + " requests-timeout=5000ms (1 server)");
                try (ServeProcess second = ServeProcess.start(env, "--redis", REDIS, "--redis-key", key,
                        "--redis-requests-timeout", "2s")) {
                    assertThat(second.startupLines).containsExactly("cluster: classic Redis adapter on " + REDIS
                            + " key=" + key + " requests-timeout=2000ms (2 servers)");
                    assertThat(subscribers(redis, key + "-request#/#")).isEqualTo(2);

                    // The echo app's broadcast, sent to the second node, reaches a client of the first.
                    PollingSocketIoClient listener = PollingSocketIoClient.connect(first.url);
                    listener.send("420[\"join\",\"lobby\"]");
                    assertThat(listener.await("430")).isEqualTo("430[true]");
                    PollingSocketIoClient sender = PollingSocketIoClient.connect(second.url);
                    sender.send("42[\"broadcast\",\"lobby\",\"across the cluster\"]");
                    assertThat(listener.await("42[\"news\"")).isEqualTo("42[\"news\",\"across the cluster\"]");
                }
                assertThat(subscribers(redis, key + "-request#/#")).isEqualTo(1);
            }
            // SIGTERM: HTTP, then the Socket.IO server (the adapters unsubscribe), then Redis, before exit.
            assertThat(subscribers(redis, key + "-request#/#")).isZero();
            assertThat(subscribers(redis, key + "-request#/custom#")).isZero();
        } finally {
            client.shutdown();
        }
    }

    @Test
    void twoEchoNodesFormAClusterOverARedisCluster() throws Exception {
        String key = "parley-serve-it-rc-" + UUID.randomUUID();
        Map<String, String> env = Map.of("PARLEY_APP", "echo", "PARLEY_PORT", "0");
        try (LocalRedisCluster redis = LocalRedisCluster.start(3)) {
            String twoNodes = "redis://127.0.0.1:" + redis.ports().get(0) + ",127.0.0.1:" + redis.ports().get(1);
            String oneNode = redis.uri(2);
            try (ServeProcess first = ServeProcess.start(env, "--redis", twoNodes, "--redis-key", key);
                    ServeProcess second = ServeProcess.start(env, "--redis", oneNode, "--redis-key", key)) {
                assertThat(first.startupLines).containsExactly("cluster: classic Redis adapter on Redis Cluster " + twoNodes
                        + " key=" + key + " requests-timeout=5000ms (1 server)");
                // A single node that is a cluster node is taken as the cluster: the count spans every master.
                assertThat(second.startupLines).containsExactly("cluster: classic Redis adapter on Redis Cluster " + oneNode
                        + " key=" + key + " requests-timeout=5000ms (2 servers)");
                PollingSocketIoClient listener = PollingSocketIoClient.connect(first.url);
                listener.send("420[\"join\",\"lobby\"]");
                assertThat(listener.await("430")).isEqualTo("430[true]");
                PollingSocketIoClient sender = PollingSocketIoClient.connect(second.url);
                sender.send("42[\"broadcast\",\"lobby\",\"across the Redis Cluster\"]");
                assertThat(listener.await("42[\"news\"")).isEqualTo("42[\"news\",\"across the Redis Cluster\"]");
            }
        }
    }

    @Test
    void twoEchoNodesFormAShardedClusterOverARedisCluster() throws Exception {
        String key = "parley-serve-it-sharded-" + UUID.randomUUID();
        Map<String, String> env = Map.of("PARLEY_APP", "echo", "PARLEY_PORT", "0", "PARLEY_ADAPTER", "sharded");
        try (LocalRedisCluster redis = LocalRedisCluster.start(3)) {
            try (ServeProcess first = ServeProcess.start(env, "--redis", redis.uri(0), "--redis-key", key);
                    ServeProcess second = ServeProcess.start(env, "--redis", redis.uri(1), "--redis-key", key,
                            "--subscription-mode", "dynamic-private")) {
                assertThat(first.startupLines).containsExactly("cluster: sharded Redis adapter on Redis Cluster "
                        + redis.uri(0) + " key=" + key + " subscription-mode=dynamic requests-timeout=5000ms (1 server)");
                // Counted by PUBSUB SHARDNUMSUB of the namespace channel, over the masters.
                assertThat(second.startupLines).containsExactly("cluster: sharded Redis adapter on Redis Cluster "
                        + redis.uri(1) + " key=" + key + " subscription-mode=dynamic-private requests-timeout=5000ms"
                        + " (2 servers)");
                PollingSocketIoClient listener = PollingSocketIoClient.connect(first.url);
                listener.send("420[\"join\",\"lobby\"]");
                assertThat(listener.await("430")).isEqualTo("430[true]");
                // The room's sharded channel: subscribed on the first node's join (not awaited, as in Node).
                String lobby = key + "#/#lobby#";
                await().atMost(Duration.ofSeconds(10)).until(() -> shardSubscribers(redis, lobby) == 1);
                PollingSocketIoClient sender = PollingSocketIoClient.connect(second.url);
                sender.send("42[\"broadcast\",\"lobby\",\"across sharded pub/sub\"]");
                assertThat(listener.await("42[\"news\"")).isEqualTo("42[\"news\",\"across sharded pub/sub\"]");
            }
        }
    }

    /** PUBSUB SHARDNUMSUB of a channel, summed over the three masters. */
    private static long shardSubscribers(LocalRedisCluster redis, String channel) throws Exception {
        long sum = 0;
        for (int i = 0; i < 3; i++) {
            sum += Long.parseLong(redis.cli(i, "pubsub", "shardnumsub", channel).split("\n")[1].trim());
        }
        return sum;
    }

    @Test
    void theChatJoinsTheClusterToo() throws Exception {
        String key = "parley-serve-it-chat-" + UUID.randomUUID();
        RedisClient client = RedisClient.create(REDIS);
        try (StatefulRedisConnection<String, String> redis = client.connect();
                PostgresDatabase db = PostgresDatabase.create();
                ServeProcess chat = ServeProcess.start(Map.of("PARLEY_APP", "chat", "PARLEY_PORT", "0",
                        "PARLEY_DATA_DIR", dataDir.toString(), "PARLEY_DB", db.jdbcUrl(),
                        "PARLEY_DB_USER", PostgresDatabase.USER, "PARLEY_REDIS", REDIS, "PARLEY_REDIS_KEY", key))) {
            assertThat(subscribers(redis, key + "-request#/#")).isEqualTo(1);
            assertThat(chat.startupLines).containsExactly("cluster: classic Redis adapter on " + REDIS + " key=" + key
                    + " requests-timeout=5000ms (1 server)");
        } finally {
            client.shutdown();
        }
    }

    @Test
    void twoEchoNodesFormAStreamsCluster() throws Exception {
        String key = "parley-serve-it-streams-" + UUID.randomUUID();
        Map<String, String> env = Map.of("PARLEY_APP", "echo", "PARLEY_PORT", "0", "PARLEY_ADAPTER", "streams",
                "PARLEY_REDIS_STREAM_NAME", key);
        RedisClient client = RedisClient.create(REDIS);
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            try (ServeProcess first = ServeProcess.start(env, "--redis", REDIS, "--redis-key", key);
                    ServeProcess second = ServeProcess.start(env, "--redis", REDIS, "--redis-key", key,
                            "--redis-stream-max-len", "500")) {
                assertThat(first.startupLines).containsExactly("cluster: streams Redis adapter on " + REDIS + " key=" + key
                        + " stream=" + key + " stream-count=1 max-len=10000 requests-timeout=5000ms (1 server)");
                // Counted by PUBSUB NUMSUB of the namespace channel, as Node's 0.3.1 counts.
                assertThat(second.startupLines).containsExactly("cluster: streams Redis adapter on " + REDIS + " key=" + key
                        + " stream=" + key + " stream-count=1 max-len=500 requests-timeout=5000ms (2 servers)");
                PollingSocketIoClient listener = PollingSocketIoClient.connect(first.url);
                listener.send("420[\"join\",\"lobby\"]");
                assertThat(listener.await("430")).isEqualTo("430[true]");
                PollingSocketIoClient sender = PollingSocketIoClient.connect(second.url);
                sender.send("42[\"broadcast\",\"lobby\",\"across a Redis stream\"]");
                assertThat(listener.await("42[\"news\"")).isEqualTo("42[\"news\",\"across a Redis stream\"]");
                assertThat(redis.sync().xlen(key)).as("the broadcast is an entry of the stream").isPositive();
            } finally {
                redis.sync().del(key);
            }
        } finally {
            client.shutdown();
        }
    }

    @Test
    void anUnreachableRedisStopsStartupWithOneClearLine() throws Exception {
        Process process = startMergingStderr(Map.of("PARLEY_APP", "echo", "PARLEY_PORT", "0"),
                "serve", "--redis", "redis://app:hunter2@127.0.0.1:1", "--redis-key", "parley-serve-it-unreachable");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(ServeCommand.EXIT_CLUSTER_FAILED);
        // One line, the URI without its password, the cause as the OS gave it (NIO adds the address, epoll not).
        assertThat(output.lines()).as(output).hasSize(1).first().asString()
                .startsWith("parley serve: cannot connect to Redis at redis://app:***@127.0.0.1:1: Connection refused");
        assertThat(output).doesNotContain("hunter2");
    }

    @Test
    void anAdapterWithoutRedisIsRefused() throws Exception {
        Process process = startMergingStderr(
                Map.of("PARLEY_APP", "echo", "PARLEY_PORT", "0", "PARLEY_ADAPTER", "classic"), "serve");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(output).startsWith("--adapter classic needs --redis URI (the Redis server of the cluster)")
                .doesNotContain("Parley is running");
    }

    private static Process start(Map<String, String> env, String... args) throws IOException {
        return ServeProcess.startMain(env, false, args);
    }

    /** {@link Main} with stderr in its stdout: what a user sees when it fails to start. */
    private static Process startMergingStderr(Map<String, String> env, String... args) throws IOException {
        return ServeProcess.startMain(env, true, args);
    }
}
