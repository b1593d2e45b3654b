package dev.parley.benchmarks.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The servers the harness starts, Parley and its peers, each with the command line a user would run
 * (defaults kept; Java servers get a fixed heap and a GC log, Node a heap cap and {@code --expose-gc} so
 * the idle scenario can measure live memory).
 */
enum ServerKind {
    PARLEY_WS("Parley", Family.WS, Runtime.JAVA, "/ws/echo", "/ws/broadcast"),
    NETTY_WS("Netty websocketx", Family.WS, Runtime.JAVA, "/ws/echo", null),
    NODE_WS("Node ws", Family.WS, Runtime.NODE, "/ws/echo", "/ws/broadcast"),
    PARLEY_SIO("Parley Socket.IO", Family.SOCKETIO, Runtime.JAVA, "/socket.io/", "/socket.io/"),
    NODE_SIO("Node socket.io", Family.SOCKETIO, Runtime.NODE, "/socket.io/", "/socket.io/"),
    NETTY_SOCKETIO("netty-socketio", Family.SOCKETIO, Runtime.JAVA, "/socket.io/", "/socket.io/");

    enum Family { WS, SOCKETIO }

    enum Runtime { JAVA, NODE }

    final String label;
    final Family family;
    final Runtime runtime;
    final String echoPath;
    /** Null where the server has no broadcast endpoint (the Netty floor is an echo server only). */
    final String broadcastPath;

    ServerKind(String label, Family family, Runtime runtime, String echoPath, String broadcastPath) {
        this.label = label;
        this.family = family;
        this.runtime = runtime;
        this.echoPath = echoPath;
        this.broadcastPath = broadcastPath;
    }

    boolean isParley() {
        return this == PARLEY_WS || this == PARLEY_SIO;
    }

    /** The Parley server a peer is compared with. */
    ServerKind parleyOfFamily() {
        return family == Family.WS ? PARLEY_WS : PARLEY_SIO;
    }

    String protocol() {
        return family == Family.WS ? "ws" : "socketio";
    }

    String url(int port, String path) {
        return "ws://127.0.0.1:" + port + path;
    }

    /** The command that starts it on {@code port}, run from the project root. */
    List<String> command(Paths paths, int port, Path gcLog, String heap) {
        List<String> cmd = new ArrayList<>();
        if (runtime == Runtime.JAVA) {
            cmd.add(paths.java());
            cmd.add("-Xms" + heap);
            cmd.add("-Xmx" + heap);
            cmd.add("-XX:+AlwaysPreTouch");
            cmd.add("-Xlog:gc:file=" + gcLog);
        } else {
            cmd.add("node");
            cmd.add("--expose-gc");
            cmd.add("--max-old-space-size=" + heapMegabytes(heap));
        }
        String p = Integer.toString(port);
        switch (this) {
            case PARLEY_WS -> cmd.addAll(List.of("-jar", paths.parleyJar().toString(), "serve", "--app", "demo",
                    "--port", p));
            case PARLEY_SIO -> cmd.addAll(List.of("-jar", paths.parleyJar().toString(), "serve", "--app", "echo",
                    "--port", p));
            case NETTY_WS -> cmd.addAll(List.of("-cp", paths.benchmarksJar().toString(),
                    "dev.parley.benchmarks.peers.NettyWebSocketEchoServer", p));
            case NETTY_SOCKETIO -> cmd.addAll(List.of("-jar", paths.nettySocketIoJar().toString(), p));
            case NODE_WS -> cmd.addAll(List.of(paths.nodePeers().resolve("ws-echo-server.mjs").toString(), p));
            case NODE_SIO -> cmd.addAll(List.of(paths.nodePeers().resolve("socketio-echo-server.mjs").toString(), p));
            default -> throw new IllegalStateException(name());
        }
        return cmd;
    }

    private static long heapMegabytes(String heap) {
        String h = heap.toLowerCase(java.util.Locale.ROOT);
        long n = Long.parseLong(h.replaceAll("[^0-9]", ""));
        return h.endsWith("g") ? n * 1024 : h.endsWith("m") ? n : n / (1024 * 1024);
    }

    /** Where the jars and scripts are, relative to the project root. */
    record Paths(String java, Path parleyJar, Path benchmarksJar, Path nettySocketIoJar, Path nodePeers) {
        static Paths fromProjectRoot(Path root) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            return new Paths(java, root.resolve("parley-app/target/parley.jar"),
                    root.resolve("parley-benchmarks/target/benchmarks.jar"),
                    root.resolve("parley-benchmarks/peers/netty-socketio/target/netty-socketio-peer.jar"),
                    root.resolve("parley-benchmarks/peers/node"));
        }
    }
}
