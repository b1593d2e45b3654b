package dev.parley.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A server for {@link FdLimitIT}, run in a child JVM with a low descriptor limit: prints its port, serves
 * until its standard input closes, then prints the refused-connection counter.
 */
public final class FdLimitServer {
    private FdLimitServer() {
    }

    public static void main(String[] args) throws Exception {
        ParleyServer server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build()).start();
        warmUp(server.port());
        System.out.println("port=" + server.port());
        System.out.flush();
        InputStream in = System.in;
        while (in.read() >= 0) {
            // wait for the test to close our input
        }
        System.out.println("refused=" + server.refusedConnections());
        System.out.flush();
        server.stop();
    }

    /**
     * Serves a page and a miss once, so that their classes are loaded: in this test the classes are files in
     * directories, and loading one takes a descriptor (from a jar, as in production, it would not).
     */
    private static void warmUp(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("GET /demo.css HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getInputStream().readAllBytes();
        }
    }
}
