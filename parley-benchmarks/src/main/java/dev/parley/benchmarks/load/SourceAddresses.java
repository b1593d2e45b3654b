package dev.parley.benchmarks.load;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * The local addresses connections are bound to, round robin: 127.0.0.1 .. 127.0.0.N. A connection is
 * named by its 4-tuple, so each extra source address adds a full ephemeral port range (28,232 ports with
 * Linux's default {@code ip_local_port_range} of 32768-60999) towards one server port.
 */
final class SourceAddresses {
    /** 127.0.0.1 .. 127.0.0.254: every host address of 127.0.0.0/24. */
    static final int MAX = 254;

    private final InetSocketAddress[] addresses;

    private SourceAddresses(InetSocketAddress[] addresses) {
        this.addresses = addresses;
    }

    /** {@code count} loopback addresses; none (the kernel chooses) when the target is not on loopback. */
    static SourceAddresses loopback(int count, Target target) {
        if (count < 1 || count > MAX) {
            throw new IllegalArgumentException("--source-addresses must be 1.." + MAX + ", not " + count);
        }
        if (!target.isLoopback()) {
            return new SourceAddresses(new InetSocketAddress[0]);
        }
        InetSocketAddress[] addresses = new InetSocketAddress[count];
        for (int i = 0; i < count; i++) {
            try {
                addresses[i] = new InetSocketAddress(
                        InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (i + 1)}), 0);
            } catch (UnknownHostException e) {
                throw new IllegalStateException("A 4-byte address is always valid", e);
            }
        }
        return new SourceAddresses(addresses);
    }

    /** The address of connection {@code index}, with port 0 (any), or null to let the kernel choose. */
    InetSocketAddress forConnection(int index) {
        return addresses.length == 0 ? null : addresses[Math.floorMod(index, addresses.length)];
    }

    int count() {
        return addresses.length;
    }
}
