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
 * A throwaway Redis Cluster on free loopback ports, made of the machine's {@code redis-server} and
 * {@code redis-cli} (7.x): {@code masters} masters, each with {@code replicasPerMaster} replicas (as
 * {@code redis-cli --cluster create} assigns them), a node timeout of {@value #NODE_TIMEOUT_MS} ms so a
 * failover takes seconds; each node keeps its state in a temporary folder, with no RDB and no AOF.
 * {@link #start} returns once {@code CLUSTER INFO} says {@code cluster_state:ok} on every node; {@link #close}
 * kills the processes and deletes the folder. Not thread-safe.
 */
public final class LocalRedisCluster implements AutoCloseable {
    /** {@code cluster-node-timeout}: how long a node may be unreachable before it is failed over. */
    public static final int NODE_TIMEOUT_MS = 2000;

    private final Path dir;
    private final List<Integer> ports;
    private final int replicasPerMaster;
    private final List<Process> nodes = new ArrayList<>();

    private LocalRedisCluster(Path dir, List<Integer> ports, int replicasPerMaster) {
        this.dir = dir;
        this.ports = List.copyOf(ports);
        this.replicasPerMaster = replicasPerMaster;
    }

    /** Masters only, no replicas. */
    public static LocalRedisCluster start(int masters) throws IOException, InterruptedException {
        return start(masters, 0);
    }

    /** Starts the nodes, joins them ({@code redis-cli --cluster create}) and waits for the cluster to be ok. */
    public static LocalRedisCluster start(int masters, int replicasPerMaster) throws IOException, InterruptedException {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < masters * (1 + replicasPerMaster); i++) {
            ports.add(freePort());
        }
        LocalRedisCluster cluster = new LocalRedisCluster(Files.createTempDirectory("parley-redis-cluster"), ports,
                replicasPerMaster);
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
            nodes.add(node(port).start());
        }
    }

    private ProcessBuilder node(int port) {
        return new ProcessBuilder("redis-server", "--port", String.valueOf(port),
                "--cluster-enabled", "yes", "--cluster-config-file", dir.resolve("nodes-" + port + ".conf").toString(),
                "--cluster-node-timeout", String.valueOf(NODE_TIMEOUT_MS),
                "--save", "", "--appendonly", "no", "--bind", "127.0.0.1", "--dir", dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis-" + port + ".log").toFile()));
    }

    private void create() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        for (int port : ports) {
            command.add("127.0.0.1:" + port);
        }
        command.addAll(List.of("--cluster-replicas", String.valueOf(replicasPerMaster), "--cluster-yes"));
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
            while (!cli(i, "cluster", "info").contains("cluster_state:ok") || !allRolesKnown(i)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the Redis Cluster on " + ports + " did not reach cluster_state:ok");
                }
                Thread.sleep(100); // the nodes gossip the new configuration by themselves
            }
        }
    }

    /** Whether node i sees every node with its final role (a replica's role arrives a little after the slots). */
    private boolean allRolesKnown(int i) throws IOException, InterruptedException {
        String nodesSeen = cli(i, "cluster", "nodes");
        long masters = nodesSeen.lines().filter(l -> l.contains("master") && !l.contains("fail")).count();
        long replicas = nodesSeen.lines().filter(l -> l.contains("slave")).count();
        return masters == ports.size() / (1 + replicasPerMaster) && masters + replicas == ports.size();
    }

    /** Whether the node on this port is a master now, in the view of the node {@code asked}. */
    public boolean isMaster(int port, int asked) throws IOException, InterruptedException {
        return cli(asked, "cluster", "nodes").lines()
                .anyMatch(l -> l.contains("127.0.0.1:" + port + "@") && l.contains("master") && !l.contains("fail"));
    }

    /** Kills one node at once (SIGKILL): what a crash looks like to the cluster and its clients. */
    public void kill(int node) throws InterruptedException {
        nodes.get(node).destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }

    /**
     * Starts a killed node again on its port, with its cluster configuration file: it rejoins the cluster (as a
     * replica of the master that took its slots over, if there was a failover) with no data.
     */
    public void restart(int node) throws IOException {
        if (nodes.get(node).isAlive()) {
            throw new IllegalStateException("node " + node + " is running");
        }
        nodes.set(node, node(ports.get(node)).start());
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
