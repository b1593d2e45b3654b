package dev.parley.app;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The deployment docs/deploy/ describes, on loopback: two {@code parley serve} nodes, a cluster over the CI's
 * Redis on a key of their own, trusting nginx's address ({@code --trusted-proxies 127.0.0.1}), behind a real
 * nginx running the shipped configuration ({@link NginxConfigTemplate}) with TLS from a test CA. Everything it
 * writes is under {@code target/nginx-it/}. Closing stops nginx, then both nodes.
 */
final class ParleyBehindNginx implements AutoCloseable {
    static final String REDIS = "redis://127.0.0.1:6379";
    /** nginx's address as the nodes see it: the proxy they trust. */
    static final String NGINX_ADDRESS = "127.0.0.1";

    final Path dir;
    final TestCa ca;
    final ServeProcess nodeA;
    final ServeProcess nodeB;
    final NginxConfigTemplate.Target target;
    final NginxProcess nginx;
    /** The nodes' {@code --redis-key}: the prefix of everything they keep in Redis. */
    final String redisKey;

    private ParleyBehindNginx(Path dir, TestCa ca, ServeProcess nodeA, ServeProcess nodeB,
            NginxConfigTemplate.Target target, NginxProcess nginx, String redisKey) {
        this.dir = dir;
        this.ca = ca;
        this.nodeA = nodeA;
        this.nodeB = nodeB;
        this.target = target;
        this.nginx = nginx;
        this.redisKey = redisKey;
    }

    /**
     * Starts both nodes with {@code env} and {@code nodeArgs} besides the cluster and proxy options (each node
     * its own {@code --data-dir}), then nginx in front of them.
     */
    static ParleyBehindNginx start(String name, Map<String, String> env, String... nodeArgs) throws Exception {
        return start(name, env, false, nodeArgs);
    }

    /**
     * As {@link #start(String, Map, String...)}; with {@code sharedDataDir} both nodes get one {@code --data-dir}
     * ({@code data}), as the chat's uploads need on several nodes (a directory every node mounts).
     */
    static ParleyBehindNginx start(String name, Map<String, String> env, boolean sharedDataDir, String... nodeArgs)
            throws Exception {
        NginxProcess.executable(); // fail first, and clearly, without nginx
        Path dir = Files.createDirectories(Paths.get("target", "nginx-it", name + "-" + UUID.randomUUID()))
                .toAbsolutePath();
        TestCa ca = TestCa.create(dir.resolve("tls"));
        String key = "parley-nginx-" + UUID.randomUUID();
        Path dataA = dir.resolve(sharedDataDir ? "data" : "node-a");
        Path dataB = dir.resolve(sharedDataDir ? "data" : "node-b");
        CompletableFuture<ServeProcess> a = CompletableFuture.supplyAsync(() -> node(env, key, dataA, nodeArgs));
        CompletableFuture<ServeProcess> b = CompletableFuture.supplyAsync(() -> node(env, key, dataB, nodeArgs));
        ServeProcess nodeA = null;
        ServeProcess nodeB = null;
        try {
            nodeA = a.join();
            nodeB = b.join();
            NginxConfigTemplate.Target target = new NginxConfigTemplate.Target(NginxProcess.freePort(),
                    NginxProcess.freePort(), port(nodeA), port(nodeB), ca.certificate(), ca.key());
            String config = NginxConfigTemplate.render(NginxConfigTemplate.docs(), target);
            NginxProcess nginx = NginxProcess.start(dir.resolve("nginx"), config, target.httpsPort());
            return new ParleyBehindNginx(dir, ca, nodeA, nodeB, target, nginx, key);
        } catch (Exception | Error e) {
            closeAll(nodeA != null ? nodeA : a.exceptionally(t -> null).join(),
                    nodeB != null ? nodeB : b.exceptionally(t -> null).join());
            throw e;
        }
    }

    private static ServeProcess node(Map<String, String> env, String redisKey, Path dataDir, String... nodeArgs) {
        List<String> args = new ArrayList<>(List.of("--redis", REDIS, "--redis-key", redisKey,
                "--trusted-proxies", NGINX_ADDRESS, "--data-dir", dataDir.toString()));
        args.addAll(List.of(nodeArgs));
        try {
            return ServeProcess.start(env, args.toArray(String[]::new));
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    private static int port(ServeProcess node) {
        return URI.create(node.url).getPort();
    }

    /** The public address: nginx's HTTPS port, e.g. {@code https://127.0.0.1:40123}. */
    String httpsUrl() {
        return "https://127.0.0.1:" + target.httpsPort();
    }

    /** nginx's plain-HTTP port, which redirects to HTTPS. */
    String httpUrl() {
        return "http://127.0.0.1:" + target.httpPort();
    }

    /** The node cookie's value (a or b) for each node's address, as the configuration maps them. */
    String nodeName(String upstreamAddress) {
        if (upstreamAddress.equals("127.0.0.1:" + target.nodeAPort())) {
            return "a";
        }
        return upstreamAddress.equals("127.0.0.1:" + target.nodeBPort()) ? "b" : null;
    }

    private static void closeAll(ServeProcess... nodes) throws InterruptedException {
        for (ServeProcess node : nodes) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            nginx.close();
        } finally {
            try {
                closeAll(nodeA, nodeB);
            } finally {
                RedisKeys.deleteAll(redisKey);
            }
        }
    }
}
