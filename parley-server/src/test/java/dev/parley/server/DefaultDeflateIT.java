package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.builtin.EchoEndpoint;
import dev.parley.testkit.DeflateReference;
import dev.parley.testkit.NodeScripts;
import dev.parley.websocket.WebSocketConfig;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * permessage-deflate at its documented defaults (docs/websocket.md): with only {@code permessageDeflate} turned
 * on (it is off by default), outgoing messages smaller than {@code deflateThreshold} = 1024 bytes go plain and
 * messages of 1024 bytes and more go compressed (RSV1 set), at {@code deflateLevel} = 6. The wire is read by a
 * raw socket in this test, after a handshake that offers permessage-deflate: the compressed payloads must be
 * byte for byte what the JDK's zlib at level 6 makes of the same messages (and not what any other level makes).
 * Node's {@code ws} client, as a real peer, reads the same messages back and sees RSV1 on the same ones.
 */
class DefaultDeflateIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** The documented defaults, written out here rather than read from the code's constants. */
    private static final int DOCUMENTED_THRESHOLD = 1024;
    private static final int DOCUMENTED_LEVEL = 6;
    /** 1025 characters; the messages are its first 1023, 1024 and all 1025. */
    private static final String TEXT = DeflateReference.twoLetterText(DOCUMENTED_THRESHOLD + 1, 1);

    private ParleyServer server;

    @BeforeEach
    void start() throws InterruptedException {
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0)
                .webSocket(WebSocketConfig.builder().permessageDeflate(true).build())
                .build())
                .addEndpoint(EchoEndpoint.create())
                .start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.stop();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void belowTheThresholdPlainFromItOnCompressedAtLevelSix() throws IOException {
        byte[] below = utf8(TEXT.substring(0, DOCUMENTED_THRESHOLD - 1));
        byte[] at = utf8(TEXT.substring(0, DOCUMENTED_THRESHOLD));
        byte[] above = utf8(TEXT);
        try (RawClient client = new RawClient(server.port())) {
            assertThat(client.extensions).as("accepted with context takeover both ways")
                    .isEqualTo("permessage-deflate");

            Frame plain = client.echo(below);
            assertThat(plain.rsv1()).as("1023 bytes: under the threshold").isFalse();
            assertThat(plain.payload()).isEqualTo(below);

            Frame first = client.echo(at);
            Frame second = client.echo(above);
            assertThat(first.rsv1()).as("1024 bytes: at the threshold").isTrue();
            assertThat(second.rsv1()).as("1025 bytes").isTrue();
            // The plain message did not touch the compressor: these are the first two messages of its context.
            List<byte[]> expected = DeflateReference.compress(DOCUMENTED_LEVEL, at, above);
            assertThat(first.payload()).as("level 6, first message").isEqualTo(expected.get(0));
            assertThat(second.payload()).as("level 6, second message, same context").isEqualTo(expected.get(1));
            assertThat(DeflateReference.inflate(List.of(first.payload(), second.payload())))
                    .containsExactly(at, above);
        }
    }

    @Test
    void theLevelIsSixAndNoOther() throws IOException {
        byte[] message = utf8(TEXT.substring(0, DOCUMENTED_THRESHOLD));
        byte[] levelSix = DeflateReference.compress(DOCUMENTED_LEVEL, message).get(0);
        // The input tells the levels apart: every other level compresses it to other bytes.
        for (int level = 0; level <= 9; level++) {
            if (level != DOCUMENTED_LEVEL) {
                assertThat(DeflateReference.compress(level, message).get(0)).as("level %d", level)
                        .isNotEqualTo(levelSix);
            }
        }
        try (RawClient client = new RawClient(server.port())) {
            Frame frame = client.echo(message);
            assertThat(frame.rsv1()).isTrue();
            assertThat(Base64.getEncoder().encodeToString(frame.payload())).as("the wire payload")
                    .isEqualTo(Base64.getEncoder().encodeToString(levelSix));
        }
    }

    @Test
    void nodeWsReadsThemBackAndSeesRsv1FromTheThresholdOn() {
        String url = server.url().replace("http://", "ws://") + EchoEndpoint.PATH;
        NodeScripts.Result result = NodeScripts.run(TIMEOUT, "ws-deflate-frames.mjs", url,
                TEXT.substring(0, DOCUMENTED_THRESHOLD - 1), TEXT.substring(0, DOCUMENTED_THRESHOLD), TEXT);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<String> lines = result.lines();
        // Context takeover both ways and full windows: the compressed lengths below are those of one context.
        assertThat(lines.get(0)).isEqualTo("extensions permessage-deflate");
        List<byte[]> expected = DeflateReference.compress(DOCUMENTED_LEVEL,
                utf8(TEXT.substring(0, DOCUMENTED_THRESHOLD)), utf8(TEXT));
        // ws may report a plain message before the script's own reader sees its frame: compare each kind alone.
        assertThat(lines.stream().filter(l -> l.startsWith("frame ")).toList()).containsExactly(
                "frame rsv1=false opcode=1 length=1023",
                "frame rsv1=true opcode=1 length=" + expected.get(0).length,
                "frame rsv1=true opcode=1 length=" + expected.get(1).length);
        assertThat(lines.stream().filter(l -> l.startsWith("text ")).toList())
                .containsExactly("text 1023 ok", "text 1024 ok", "text 1025 ok");
    }

    private record Frame(boolean rsv1, int opcode, byte[] payload) {
    }

    /**
     * A WebSocket client on a plain socket: it offers permessage-deflate, sends masked uncompressed text
     * frames and returns the server's frames as they are on the wire.
     */
    private static final class RawClient implements AutoCloseable {
        private final Socket socket;
        private final DataInputStream in;
        private final OutputStream out;
        private final Random random = new Random();
        final String extensions;

        RawClient(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(10_000);
            in = new DataInputStream(socket.getInputStream());
            out = socket.getOutputStream();
            out.write(("GET " + EchoEndpoint.PATH + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 101");
            extensions = head.lines().filter(l -> l.toLowerCase().startsWith("sec-websocket-extensions:"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(null);
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("closed during the handshake: " + head);
                }
                head.write(b);
                byte[] h = head.toByteArray();
                if (h.length >= 4 && Arrays.equals(h, h.length - 4, h.length, new byte[] {13, 10, 13, 10}, 0, 4)) {
                    return head.toString(StandardCharsets.US_ASCII);
                }
            }
        }

        /** Sends one masked text frame (RFC 6455 §5.2, §5.3) and returns the echo's frame. */
        Frame echo(byte[] text) throws IOException {
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.write(0x81);
            if (text.length < 126) {
                frame.write(0x80 | text.length);
            } else {
                frame.write(0x80 | 126);
                frame.write(text.length >>> 8);
                frame.write(text.length & 0xff);
            }
            byte[] mask = new byte[4];
            random.nextBytes(mask);
            frame.write(mask);
            for (int i = 0; i < text.length; i++) {
                frame.write(text[i] ^ mask[i & 3]);
            }
            out.write(frame.toByteArray());
            out.flush();
            return readFrame();
        }

        private Frame readFrame() throws IOException {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            assertThat(b0 & 0x80).as("FIN: the server sends each message in one frame").isNotZero();
            assertThat(b1 & 0x80).as("server frames are not masked").isZero();
            long length = b1 & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[Math.toIntExact(length)];
            in.readFully(payload);
            return new Frame((b0 & 0x40) != 0, b0 & 0x0f, payload);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
