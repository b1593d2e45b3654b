package dev.parley.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway Redis Cluster of {@code masters} masters and no replicas on free loopback ports, made of the
 * machine's {@code redis-server} and {@code redis-cli} (7.x): each node keeps its state in a temporary folder,
 * with no RDB and no AOF. {@link #start} returns once {@code CLUSTER INFO} says {@code cluster_state:ok} on
 * every node; {@link #close} kills the processes and deletes the folder. Not thread-safe.
 */
public final class LocalRedisCluster implements AutoCloseable {
    private final Path dir;
    private final List<Integer> ports;
    private final List<Process> nodes = new ArrayList<>();

    private LocalRedisCluster(Path dir, List<Integer> ports) {
        this.dir = dir;
        this.ports = List.copyOf(ports);
    }

    /** Starts the nodes, joins them ({@code redis-cli --cluster create}) and waits for the cluster to be ok. */
    public static LocalRedisCluster start(int masters) throws IOException, InterruptedException {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < masters; i++) {
            ports.add(freePort());
        }
        LocalRedisCluster cluster = new LocalRedisCluster(Files.createTempDirectory("parley-redis-cluster"), ports);
        try {
            cluster.startNodes();
            cluster.create();
            cluster.awaitOk();
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** The nodes' ports, in the order they were started. */
    public List<Integer> ports() {
        return ports;
    }

    /** {@code redis://127.0.0.1:<port>} of the i-th node. */
    public String uri(int node) {
        return "redis://127.0.0.1:" + ports.get(node);
    }

    /** Runs {@code redis-cli -p <port of node> <args>} and returns what it printed (raw output, trimmed). */
    public String cli(int node, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(ports.get(node))));
        command.addAll(List.of(args));
        return run(command);
    }

    private void startNodes() throws IOException {
        for (int port : ports) {
            ProcessBuilder builder = new ProcessBuilder("redis-server", "--port", String.valueOf(port),
                    "--cluster-enabled", "yes", "--cluster-config-file", dir.resolve("nodes-" + port + ".conf").toString(),
                    "--save", "", "--appendonly", "no", "--bind", "127.0.0.1", "--dir", dir.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis-" + port + ".log").toFile());
            nodes.add(builder.start());
        }
    }

    private void create() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        for (int port : ports) {
            command.add("127.0.0.1:" + port);
        }
        command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            // The nodes may not listen yet: try until every one answers PING, then create once.
            boolean allUp = true;
            for (int i = 0; i < ports.size(); i++) {
                allUp &= cli(i, "ping").equals("PONG");
            }
            if (allUp) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Redis Cluster nodes did not start; see " + dir);
            }
            Thread.sleep(50);
        }
        String out = run(command);
        if (!out.contains("[OK] All 16384 slots covered")) {
            throw new IllegalStateException("redis-cli --cluster create failed: " + out);
        }
    }

    private void awaitOk() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (int i = 0; i < ports.size(); i++) {
            while (!cli(i, "cluster", "info").contains("cluster_state:ok")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the Redis Cluster on " + ports + " did not reach cluster_state:ok");
                }
                Thread.sleep(100); // the nodes gossip the new configuration by themselves
            }
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command + " did not end");
        }
        return out;
    }

    private static int freePort() throws IOException {
        // Redis Cluster also listens on port + 10000 (the cluster bus): both must be free.
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = socket.getLocalPort();
                if (port + 10_000 <= 65_535 && isFree(port + 10_000)) {
                    return port;
                }
            }
        }
        throw new IllegalStateException("no free loopback port pair (p, p + 10000)");
    }

    private static boolean isFree(int port) {
        try (ServerSocket ignored = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        for (Process node : nodes) {
            node.destroy();
        }
        for (Process node : nodes) {
            try {
                if (!node.waitFor(5, TimeUnit.SECONDS)) {
                    node.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
