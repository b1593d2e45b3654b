package dev.parley.chat.cluster;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * At most a number of counted attempts per key (a client address, a nickname's skeleton) in a fixed window that
 * starts at the key's first counted attempt: the chat's throttles of failed secret checks, of failed sign-ins and
 * of registrations (docs/chat.md, "Secrets"). Counted over every node of the chat (on one node in memory; on
 * several in their shared store), so that spreading attempts over the nodes gains nothing. Thread-safe; may block
 * (a network round trip): never call it on a network event loop.
 */
public interface AttemptLimit {
    /** Whether this key used up its attempts for the current window: refuse without checking. */
    boolean blocked(String key);

    /** Records a failed attempt against this key. */
    void failed(String key);

    /**
     * Counts an attempt against this key and returns true, or returns false (counting nothing) if the key used up
     * its limit for the current window. Check and count are one step: concurrent callers never pass it together.
     */
    boolean tryAcquire(String key);

    /** Gives back one attempt counted in the current window (one counted before a slow check that turned out right). */
    void refund(String key);

    default boolean blocked(InetSocketAddress client) {
        return blocked(addressKey(client));
    }

    default void failed(InetSocketAddress client) {
        failed(addressKey(client));
    }

    default boolean tryAcquire(InetSocketAddress client) {
        return tryAcquire(addressKey(client));
    }

    default void refund(InetSocketAddress client) {
        refund(addressKey(client));
    }

    /** A client's key: its address without the port, in hex; IPv6 cut to its /64 (one host commonly owns one). */
    static String addressKey(InetSocketAddress client) {
        if (client == null) {
            return "unknown";
        }
        InetAddress address = client.getAddress();
        if (address == null) {
            return client.getHostString();
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            bytes = Arrays.copyOf(bytes, 8);
        }
        return HexFormat.of().formatHex(bytes);
    }
}
