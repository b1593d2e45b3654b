package dev.parley.websocket.internal;

import dev.parley.websocket.HandshakeRequest;
import dev.parley.websocket.WebSocketConfig;
import dev.parley.websocket.WebSocketEndpoint;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The server's side of the opening handshake (RFC 6455 §4.2.1, §4.2.2), as rules over plain values:
 * it either accepts, with the headers to answer, or rejects with an HTTP status and a reason. No I/O.
 */
public final class HandshakeRules {
    /** RFC 6455 §1.3: the GUID appended to the client's key. */
    public static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    /** RFC 6455 §4.2.1: the only version this server speaks. */
    public static final String VERSION = "13";

    private HandshakeRules() {
    }

    /** The outcome of a handshake. */
    public sealed interface Outcome permits Accept, Reject {
    }

    /** Accept with these response values. */
    public record Accept(String acceptKey, Optional<String> subprotocol, DeflateParameters deflate) implements Outcome {
    }

    /**
     * Reject with an HTTP status, a reason for the body, and an extra header if the RFC asks for one
     * (426 carries {@code Sec-WebSocket-Version: 13}, §4.4).
     */
    public record Reject(int status, String reason, String headerName, String headerValue) implements Outcome {
        Reject(int status, String reason) {
            this(status, reason, null, null);
        }
    }

    /**
     * @param method the HTTP method
     * @param http11 whether the request is HTTP/1.1 or later (§4.1: "at least 1.1")
     */
    public static Outcome evaluate(String method, boolean http11, HandshakeRequest request, WebSocketEndpoint endpoint,
            WebSocketConfig config) {
        if (!"GET".equals(method)) {
            return new Reject(405, "A WebSocket handshake must be a GET request", "Allow", "GET");
        }
        if (!http11) {
            return new Reject(400, "A WebSocket handshake needs HTTP/1.1");
        }
        if (!hasToken(request.headers().get("Upgrade"), "websocket")) {
            return new Reject(426, "This endpoint speaks WebSocket: send Upgrade: websocket", "Upgrade", "websocket");
        }
        if (!hasToken(request.headers().get("Connection"), "upgrade")) {
            return new Reject(400, "Connection header must contain the token 'Upgrade'");
        }
        if (request.header("Host").isEmpty()) {
            return new Reject(400, "Missing Host header");
        }
        List<String> versions = request.headers().getOrDefault("Sec-WebSocket-Version", List.of());
        if (versions.size() != 1 || !VERSION.equals(versions.get(0).trim())) {
            return new Reject(426, "Unsupported WebSocket version: only 13 is supported",
                    "Sec-WebSocket-Version", VERSION);
        }
        List<String> keys = request.headers().getOrDefault("Sec-WebSocket-Key", List.of());
        if (keys.size() != 1 || !isValidKey(keys.get(0).trim())) {
            return new Reject(400, "Sec-WebSocket-Key must be one base64 value of 16 bytes");
        }
        if (!originAllowed(request, config.allowedOrigins())) {
            return new Reject(403, "Origin not allowed: " + request.header("Origin").orElse(""));
        }
        List<String> offered = tokens(request.headers().get("Sec-WebSocket-Protocol"));
        Optional<String> subprotocol = endpoint.subprotocolSelector().select(request, offered);
        if (subprotocol.isPresent() && !offered.contains(subprotocol.get())) {
            throw new IllegalStateException("Subprotocol selector chose '" + subprotocol.get() + "', not offered");
        }
        DeflateParameters deflate = null;
        List<String> extensions = request.headers().get("Sec-WebSocket-Extensions");
        if (config.permessageDeflate() && extensions != null) {
            List<ExtensionOffer> offers = ExtensionOffer.parse(extensions);
            if (offers == null) {
                return new Reject(400, "Malformed Sec-WebSocket-Extensions header");
            }
            deflate = PerMessageDeflateNegotiator.negotiate(offers);
        }
        return new Accept(acceptKey(keys.get(0).trim()), subprotocol, deflate);
    }

    /** RFC 6455 §4.2.2: base64 of the SHA-1 of the key and the GUID. */
    public static String acceptKey(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-1", e);
        }
    }

    /** RFC 6455 §4.1: the key is a base64-encoded 16-byte value. */
    static boolean isValidKey(String key) {
        if (key.length() != 24) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Browsers always send Origin; other clients may not, and cannot be protected by it (§10.2). An empty
     * allow-list means same origin only; {@code *} allows any.
     */
    static boolean originAllowed(HandshakeRequest request, List<String> allowed) {
        Optional<String> origin = request.header("Origin");
        if (origin.isEmpty() || allowed.contains("*")) {
            return true;
        }
        String value = origin.get().trim();
        for (String candidate : allowed) {
            if (candidate.equalsIgnoreCase(value)) {
                return true;
            }
        }
        try {
            URI uri = new URI(value);
            if (uri.getHost() == null) {
                return false;
            }
            String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return authority.equalsIgnoreCase(request.header("Host").orElse("").trim());
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** Whether a comma-separated header (any number of lines) holds {@code token}, ignoring case. */
    static boolean hasToken(List<String> values, String token) {
        return tokens(values).stream().anyMatch(t -> t.equalsIgnoreCase(token));
    }

    static List<String> tokens(List<String> values) {
        List<String> tokens = new ArrayList<>();
        if (values != null) {
            for (String value : values) {
                for (String token : value.split(",")) {
                    String trimmed = token.trim();
                    if (!trimmed.isEmpty()) {
                        tokens.add(trimmed);
                    }
                }
            }
        }
        return tokens;
    }

}
