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
    /** Parley with {@code --handlers EVENT_LOOP}: the setting for handlers that never block. */
    PARLEY_WS_EVENT_LOOP("Parley, handlers on the event loop", Family.WS, Runtime.JAVA, "/ws/echo", "/ws/broadcast"),
    PARLEY_SIO_EVENT_LOOP("Parley Socket.IO, handlers on the event loop", Family.SOCKETIO, Runtime.JAVA,
            "/socket.io/", "/socket.io/"),
    /** Parley with {@code --transport io_uring}; the plain PARLEY_WS / PARLEY_SIO run on epoll ({@code auto}). */
    PARLEY_WS_IO_URING("Parley on io_uring", Family.WS, Runtime.JAVA, "/ws/echo", "/ws/broadcast"),
    PARLEY_SIO_IO_URING("Parley Socket.IO on io_uring", Family.SOCKETIO, Runtime.JAVA, "/socket.io/", "/socket.io/"),
    /** Parley on the newest JDK installed (21+), where the default handlers are virtual threads. */
    PARLEY_WS_MODERN_JAVA("Parley on Java 21+, virtual threads", Family.WS, Runtime.JAVA, "/ws/echo",
            "/ws/broadcast"),
    PARLEY_SIO_MODERN_JAVA("Parley Socket.IO on Java 21+, virtual threads", Family.SOCKETIO, Runtime.JAVA,
            "/socket.io/", "/socket.io/"),
    /**
     * Parley on Java 25 ({@code --modern-java}, which must be 25+) with one of {@link Java25}'s JVM settings:
     * G1 (the JDK's default), generational ZGC, compact object headers, both. All keep the default handlers
     * (virtual threads on 21+, what {@code ./parley serve} runs on Java 25), so only the JVM setting differs.
     */
    PARLEY_WS_J25_G1(Java25.G1, Family.WS),
    PARLEY_WS_J25_ZGC(Java25.ZGC, Family.WS),
    PARLEY_WS_J25_COMPACT(Java25.COMPACT_HEADERS, Family.WS),
    PARLEY_WS_J25_ZGC_COMPACT(Java25.ZGC_COMPACT_HEADERS, Family.WS),
    PARLEY_SIO_J25_G1(Java25.G1, Family.SOCKETIO),
    PARLEY_SIO_J25_ZGC(Java25.ZGC, Family.SOCKETIO),
    PARLEY_SIO_J25_COMPACT(Java25.COMPACT_HEADERS, Family.SOCKETIO),
    PARLEY_SIO_J25_ZGC_COMPACT(Java25.ZGC_COMPACT_HEADERS, Family.SOCKETIO),
    NODE_SIO("Node socket.io", Family.SOCKETIO, Runtime.NODE, "/socket.io/", "/socket.io/"),
    NETTY_SOCKETIO("netty-socketio", Family.SOCKETIO, Runtime.JAVA, "/socket.io/", "/socket.io/");

    enum Family { WS, SOCKETIO }

    enum Runtime { JAVA, NODE }

    /** The JVM settings of issue 16's Java 25 kinds: the collector and the object header layout. */
    enum Java25 {
        G1("G1", List.of()),
        /** Generational ZGC: in Java 25 the only mode of ZGC. */
        ZGC("generational ZGC", List.of("-XX:+UseZGC")),
        /** JEP 519: 8-byte object headers instead of 12 (a product option since Java 25). */
        COMPACT_HEADERS("G1, compact headers", List.of("-XX:+UseCompactObjectHeaders")),
        ZGC_COMPACT_HEADERS("generational ZGC, compact headers", List.of("-XX:+UseZGC", "-XX:+UseCompactObjectHeaders"));

        final String label;
        final List<String> jvmOptions;

        Java25(String label, List<String> jvmOptions) {
            this.label = label;
            this.jvmOptions = jvmOptions;
        }

        boolean zgc() {
            return jvmOptions.contains("-XX:+UseZGC");
        }
    }

    final String label;
    final Family family;
    final Runtime runtime;
    final String echoPath;
    /** Null where the server has no broadcast endpoint (the Netty floor is an echo server only). */
    final String broadcastPath;
    /** The Java 25 setting of a J25 kind, or null. */
    final Java25 java25;

    ServerKind(String label, Family family, Runtime runtime, String echoPath, String broadcastPath) {
        this.label = label;
        this.family = family;
        this.runtime = runtime;
        this.echoPath = echoPath;
        this.broadcastPath = broadcastPath;
        this.java25 = null;
    }

    ServerKind(Java25 java25, Family family) {
        this.label = (family == Family.WS ? "Parley" : "Parley Socket.IO") + " on Java 25, " + java25.label;
        this.family = family;
        this.runtime = Runtime.JAVA;
        this.echoPath = family == Family.WS ? "/ws/echo" : "/socket.io/";
        this.broadcastPath = family == Family.WS ? "/ws/broadcast" : "/socket.io/";
        this.java25 = java25;
    }

    boolean isParley() {
        return name().startsWith("PARLEY_");
    }

    boolean onModernJava() {
        return this == PARLEY_WS_MODERN_JAVA || this == PARLEY_SIO_MODERN_JAVA || java25 != null;
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

    /**
     * The command that starts it on {@code port}, run from the project root.
     *
     * @param parleyArgs options added to Parley's command line (a scenario's needs, such as --reuse-port)
     */
    List<String> command(Paths paths, int port, Path gcLog, String heap, List<String> parleyArgs) {
        List<String> cmd = new ArrayList<>();
        if (runtime == Runtime.JAVA) {
            cmd.add(paths.javaFor(this));
            cmd.add("-Xms" + heap);
            cmd.add("-Xmx" + heap);
            // On the benchmark VM touching a page for the first time is expensive (a JVM that allocates a lot
            // runs at half speed until its heap is touched), but a pre-touched 1 GB heap raised every JVM's p99
            // at 1k msg/s from about 2 ms to 20 ms: the harness lets the run choose (--[no-]pretouch).
            if (paths.pretouch()) {
                cmd.add("-XX:+AlwaysPreTouch");
            }
            if (java25 != null) {
                cmd.addAll(java25.jvmOptions);
            }
            cmd.addAll(paths.jvmOptions());
            // ZGC logs its (sub-millisecond) pauses only as phases; G1 logs each pause at gc level.
            cmd.add((java25 != null && java25.zgc() ? "-Xlog:gc,gc+phases:file=" : "-Xlog:gc:file=") + gcLog);
        } else {
            cmd.add("node");
            cmd.add("--expose-gc");
            cmd.add("--max-old-space-size=" + heapMegabytes(heap));
        }
        String p = Integer.toString(port);
        if (java25 != null) {
            cmd.addAll(List.of("-jar", paths.parleyJar().toString(), "serve", "--app",
                    family == Family.WS ? "demo" : "echo", "--port", p));
            cmd.addAll(parleyArgs);
            return cmd;
        }
        switch (this) {
            case PARLEY_WS, PARLEY_WS_MODERN_JAVA -> cmd.addAll(List.of("-jar", paths.parleyJar().toString(), "serve",
                    "--app", "demo", "--port", p));
            case PARLEY_SIO, PARLEY_SIO_MODERN_JAVA -> cmd.addAll(List.of("-jar", paths.parleyJar().toString(),
                    "serve", "--app", "echo", "--port", p));
            case PARLEY_WS_EVENT_LOOP -> cmd.addAll(List.of("-jar", paths.parleyJar().toString(), "serve",
                    "--app", "demo", "--port", p, "--handlers", "EVENT_LOOP"));
            case PARLEY_SIO_EVENT_LOOP -> cmd.addAll(List.of("-jar", paths.parleyJar().toString(), "serve",
                    "--app", "echo", "--port", p, "--handlers", "EVENT_LOOP"));
            case PARLEY_WS_IO_URING -> cmd.addAll(List.of("-jar", paths.parleyJar().toString(), "serve",
                    "--app", "demo", "--port", p, "--transport", "io_uring"));
            case PARLEY_SIO_IO_URING -> cmd.addAll(List.of("-jar", paths.parleyJar().toString(), "serve",
                    "--app", "echo", "--port", p, "--transport", "io_uring"));
            case NETTY_WS -> cmd.addAll(List.of("-cp", paths.benchmarksJar().toString(),
                    "dev.parley.benchmarks.peers.NettyWebSocketEchoServer", p));
            case NETTY_SOCKETIO -> cmd.addAll(List.of("-jar", paths.nettySocketIoJar().toString(), p));
            case NODE_WS -> cmd.addAll(List.of(paths.nodePeers().resolve("ws-echo-server.mjs").toString(), p));
            case NODE_SIO -> cmd.addAll(List.of(paths.nodePeers().resolve("socketio-echo-server.mjs").toString(), p));
            default -> throw new IllegalStateException(name());
        }
        if (isParley()) {
            cmd.addAll(parleyArgs);
        }
        return cmd;
    }

    private static long heapMegabytes(String heap) {
        String h = heap.toLowerCase(java.util.Locale.ROOT);
        long n = Long.parseLong(h.replaceAll("[^0-9]", ""));
        return h.endsWith("g") ? n * 1024 : h.endsWith("m") ? n : n / (1024 * 1024);
    }

    /** Where the jars and scripts are, relative to the project root. */
    record Paths(String java, Path modernJavaHome, boolean pretouch, Path parleyJar, Path benchmarksJar,
            Path nettySocketIoJar, Path nodePeers, List<String> jvmOptions) {
        /**
         * @param modernJavaHome a JDK 21+ for the modern-Java kinds (25+ for the J25 kinds), or null
         * @param pretouch whether Java servers pre-touch their heap
         */
        static Paths fromProjectRoot(Path root, Path modernJavaHome, boolean pretouch) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            return new Paths(java, modernJavaHome, pretouch, root.resolve("parley-app/target/parley.jar"),
                    root.resolve("parley-benchmarks/target/benchmarks.jar"),
                    root.resolve("parley-benchmarks/peers/netty-socketio/target/netty-socketio-peer.jar"),
                    root.resolve("parley-benchmarks/peers/node"), List.of());
        }

        /** The same paths, Java servers pre-touching their heap or not. */
        Paths withPretouch(boolean touch) {
            return new Paths(java, modernJavaHome, touch, parleyJar, benchmarksJar, nettySocketIoJar, nodePeers,
                    jvmOptions);
        }

        /** The same paths, Java servers started with {@code options} too (a flight recording); Node ignores them. */
        Paths withJvmOptions(List<String> options) {
            return new Paths(java, modernJavaHome, pretouch, parleyJar, benchmarksJar, nettySocketIoJar, nodePeers,
                    List.copyOf(options));
        }

        String javaFor(ServerKind kind) {
            return kind.onModernJava() ? modernJava().resolve("bin/java").toString() : java;
        }

        /** The jcmd of the JDK that runs the server: a JDK 17 jcmd cannot drive a JDK 25 VM's GC. */
        String jcmdFor(ServerKind kind) {
            Path home = kind.onModernJava() ? modernJava() : Path.of(System.getProperty("java.home"));
            return home.resolve("bin/jcmd").toString();
        }

        private Path modernJava() {
            if (modernJavaHome == null) {
                throw new IllegalStateException("No JDK 21+ given (--modern-java) for the modern-Java Parley kinds");
            }
            return modernJavaHome;
        }
    }
}
