package dev.parley.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.testkit.LocalTlsRedis;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code rediss://} on a real TLS-only Redis whose certificate a test CA signed: trusted the usual JVM way
 * ({@code javax.net.ssl.trustStore}), a Parley node and a Node.js server with the official adapter (trusting
 * the CA through {@code NODE_EXTRA_CA_CERTS}) form one cluster; untrusted, Parley refuses to connect.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisTlsIT {
    private static final Duration REQUESTS_TIMEOUT = Duration.ofSeconds(2);
    private static final List<String> TRUST_PROPERTIES = List.of("javax.net.ssl.trustStore",
            "javax.net.ssl.trustStorePassword", "javax.net.ssl.trustStoreType");

    private final String key = "parley-tls-it-" + UUID.randomUUID();
    private LocalTlsRedis redis;

    @BeforeAll
    void startRedis() throws Exception {
        redis = LocalTlsRedis.start();
    }

    @AfterAll
    void stopRedis() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void anUntrustedCertificateIsRefused() {
        assertThat(TRUST_PROPERTIES).allSatisfy(p -> assertThat(System.getProperty(p)).as(p).isNull());
        assertThatThrownBy(() -> RedisCluster.connect(RedisAdapterOptions.of(redis.uri()).withKey(key)).close())
                .hasStackTraceContaining(SSLHandshakeException.class.getName());
    }

    @Test
    void parleyAndNodeFormOneClusterOverTls() throws Exception {
        System.setProperty("javax.net.ssl.trustStore", redis.trustStore().toString());
        System.setProperty("javax.net.ssl.trustStorePassword", LocalTlsRedis.TRUST_STORE_PASSWORD);
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        try (ClusterPeer node = new ClusterPeer(key, REQUESTS_TIMEOUT,
                Map.of("REDIS_URL", redis.uri(), "NODE_EXTRA_CA_CERTS", redis.caPem().toString()));
                ParleyNode parley = new ParleyNode("P", RedisAdapterOptions.of(redis.uri()).withKey(key)
                        .withRequestsTimeout(REQUESTS_TIMEOUT))) {
            String nodeUrl = "http://127.0.0.1:" + node.call("server").get("port");
            node.call("client", "name", "c-p", "url", parley.url(), "rooms", List.of());
            node.call("client", "name", "c-n", "url", nodeUrl, "rooms", List.of());
            assertThat(node.call("serverCount").get("count")).isEqualTo(2);
            assertThat(parley.io.sockets().adapter().serverCount().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(2);
            parley.io.emit("from-parley", "tls");
            node.call("emit", "event", "from-node", "args", List.of("tls"));
            for (String client : List.of("c-p", "c-n")) {
                for (String event : List.of("from-parley", "from-node")) {
                    assertThat(node.await("client-event", e -> client.equals(e.get("name")) && event.equals(e.get("event")))
                            .get("args")).isEqualTo(List.of("tls"));
                }
            }
            assertThat(parley.cluster.lostPublishes()).isZero();
        } finally {
            TRUST_PROPERTIES.forEach(System::clearProperty);
        }
    }
}
