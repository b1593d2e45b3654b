package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.chat.ChatConfig;
import dev.parley.server.ServerConfig;
import dev.parley.socketio.SocketIoConfig;
import dev.parley.socketio.parser.JsonParser;
import dev.parley.socketio.parser.MsgpackParser;
import dev.parley.websocket.WebSocketConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

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
