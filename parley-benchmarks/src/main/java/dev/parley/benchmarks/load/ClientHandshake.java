package dev.parley.benchmarks.load;

import dev.parley.websocket.internal.HandshakeRules;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * The client side of the opening handshake (RFC 6455 §4.1): the upgrade request, and the checks of the
 * server's response. Syntax and rules only: no channel. No extension and no subprotocol is offered.
 */
final class ClientHandshake {
    /** RFC 6455 §4.1: the nonce is 16 random bytes. */
    static final int NONCE_LENGTH = 16;

    private final String key;
    private final byte[] request;

    /** @param nonce 16 bytes; RFC 6455 §4.1 asks for random ones, which only a proxy cache could notice */
    ClientHandshake(Target target, byte[] nonce) {
        if (nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("The nonce is 16 bytes");
        }
        this.key = Base64.getEncoder().encodeToString(nonce);
        this.request = ("GET " + target.requestTarget() + " HTTP/1.1\r\n"
                + "Host: " + target.hostHeader() + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: " + HandshakeRules.VERSION + "\r\n"
                + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The request bytes, to write once. */
    byte[] request() {
        return request;
    }

    /**
     * Checks a response head (status line and headers, without the blank line). Returns null if the
     * connection is established, or why it is not, in a few words that group failures in the report.
     */
    String check(String head) {
        String[] lines = head.split("\r\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
            return "not an HTTP response";
        }
        // RFC 6455 §4.1 (1): anything but 101 is handled per HTTP, which for us means a failure.
        if (!status[1].equals("101")) {
            return "HTTP " + status[1];
        }
        String upgrade = null;
        String connection = null;
        String accept = null;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                return "malformed header";
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim();
            switch (name) {
                case "upgrade" -> upgrade = value;
                case "connection" -> connection = value;
                case "sec-websocket-accept" -> accept = value;
                // RFC 6455 §4.1 (5), (6): nothing was offered, so nothing may be selected.
                case "sec-websocket-extensions", "sec-websocket-protocol" -> {
                    return "unrequested " + name;
                }
                default -> { }
            }
        }
        // RFC 6455 §4.1 (2), (3), (4).
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            return "no Upgrade: websocket";
        }
        if (connection == null || !connection.toLowerCase(Locale.ROOT).contains("upgrade")) {
            return "no Connection: Upgrade";
        }
        if (!HandshakeRules.acceptKey(key).equals(accept)) {
            return "wrong Sec-WebSocket-Accept";
        }
        return null;
    }
}
