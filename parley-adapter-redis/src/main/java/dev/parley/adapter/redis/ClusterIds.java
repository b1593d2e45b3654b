package dev.parley.adapter.redis;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Ids as socket.io-adapter's ClusterAdapter makes its uids and request ids: 8 random bytes in hex (16 characters). */
final class ClusterIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ClusterIds() {
    }

    static String next() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
