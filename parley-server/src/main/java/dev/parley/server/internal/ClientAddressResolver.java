package dev.parley.server.internal;

import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Finds the real client behind trusted reverse proxies: when the direct peer is trusted, the
 * {@code X-Forwarded-For} chain is read from the right, skipping trusted hops, and the first other address
 * is the client; {@code X-Forwarded-Proto: https} marks the request secure. Headers from an untrusted peer
 * are ignored, since anyone can send them.
 */
public final class ClientAddressResolver {
    private final List<String> trusted;

    public ClientAddressResolver(List<String> trustedProxies) {
        this.trusted = List.copyOf(trustedProxies);
    }

    /** The client address and scheme. */
    public record Client(InetSocketAddress address, boolean secure) {
    }

    public Client resolve(InetSocketAddress peer, HttpHeaders headers, boolean tls) {
        if (peer == null || !isTrusted(peer.getAddress())) {
            return new Client(peer, tls);
        }
        boolean secure = tls || "https".equalsIgnoreCase(first(headers.get("X-Forwarded-Proto")));
        List<String> forwarded = headers.getAll("X-Forwarded-For");
        String[] hops = String.join(",", forwarded).split(",");
        InetSocketAddress client = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (hop.isEmpty()) {
                continue;
            }
            InetAddress address = parseLiteral(hop);
            if (address == null) {
                break; // not an IP literal: stop trusting the rest of the chain
            }
            client = new InetSocketAddress(address, 0);
            if (!isTrusted(address)) {
                break;
            }
        }
        return new Client(client, secure);
    }

    private boolean isTrusted(InetAddress address) {
        if (address == null) {
            return false;
        }
        for (String proxy : trusted) {
            if (proxy.equals("*") || proxy.equals(address.getHostAddress())) {
                return true;
            }
            InetAddress literal = parseLiteral(proxy);
            if (literal != null && literal.equals(address)) {
                return true;
            }
        }
        return false;
    }

    private static String first(String value) {
        return value == null ? null : value.split(",")[0].trim();
    }

    /** Parses an IPv4 or IPv6 literal without any DNS lookup; null if it is not one. */
    static InetAddress parseLiteral(String text) {
        String s = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (!s.matches("[0-9.]+") && !s.matches("[0-9a-fA-F:.]+")) {
            return null;
        }
        if (!s.contains(":") && s.split("\\.").length != 4) {
            return null;
        }
        try {
            return InetAddress.getByName(s); // a literal: InetAddress does not resolve it
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }
}
