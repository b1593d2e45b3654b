package dev.parley.adapter.redis;

import dev.parley.socketio.Handshake;
import dev.parley.websocket.HandshakeRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A socket's handshake as Node's {@code fetchSockets} answer carries it: {@code {headers, time, address,
 * xdomain, secure, issued, url, query, auth}}, with one string per header and query parameter (Node joins
 * repeated headers with ", ") and {@code url} the request path with its query.
 */
final class NodeHandshake {
    // What Node's new Date().toString() prints, in UTC.
    private static final DateTimeFormatter JS_DATE = DateTimeFormatter.ofPattern(
            "EEE MMM dd yyyy HH:mm:ss 'GMT+0000 (Coordinated Universal Time)'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private NodeHandshake() {
    }

    static Map<String, Object> toWire(Handshake handshake) {
        Map<String, Object> headers = new LinkedHashMap<>();
        handshake.headers().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));
        Map<String, Object> query = new LinkedHashMap<>();
        StringBuilder url = new StringBuilder(handshake.url());
        char separator = '?';
        for (Map.Entry<String, List<String>> param : handshake.query().entrySet()) {
            query.put(param.getKey(), param.getValue().isEmpty() ? "" : param.getValue().get(0));
            for (String value : param.getValue()) {
                url.append(separator).append(URLEncoder.encode(param.getKey(), StandardCharsets.UTF_8))
                        .append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
                separator = '&';
            }
        }
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("headers", headers);
        wire.put("time", JS_DATE.format(handshake.time()));
        InetSocketAddress address = handshake.address();
        wire.put("address", address == null ? null
                : address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString());
        wire.put("xdomain", handshake.header("origin").isPresent());
        wire.put("secure", handshake.secure());
        wire.put("issued", handshake.time().toEpochMilli());
        wire.put("url", url.toString());
        wire.put("query", query);
        wire.put("auth", handshake.auth());
        return wire;
    }

    @SuppressWarnings("unchecked")
    static Handshake fromWire(Object value) {
        Map<String, Object> wire = value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        String url = wire.get("url") instanceof String s ? s : "/";
        int q = url.indexOf('?');
        String path = q < 0 ? url : url.substring(0, q);
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (wire.get("query") instanceof Map<?, ?> params) {
            params.forEach((k, v) -> query.put(String.valueOf(k), List.of(String.valueOf(v))));
        } else if (q >= 0) {
            for (String pair : url.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                query.computeIfAbsent(k, x -> new ArrayList<>())
                        .add(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (wire.get("headers") instanceof Map<?, ?> given) {
            given.forEach((k, v) -> headers.put(String.valueOf(k),
                    v instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of(String.valueOf(v))));
        }
        HandshakeRequest request = new HandshakeRequest(path, query, headers, address(wire.get("address")),
                Boolean.TRUE.equals(wire.get("secure")));
        Instant issued = wire.get("issued") instanceof Number n ? Instant.ofEpochMilli(n.longValue()) : Instant.EPOCH;
        Map<String, Object> auth = wire.get("auth") instanceof Map<?, ?> a ? (Map<String, Object>) a : Map.of();
        return Handshake.of(request, issued, auth);
    }

    /** An IP literal becomes an address without a lookup; anything else stays an unresolved name. */
    private static InetSocketAddress address(Object value) {
        if (!(value instanceof String text) || text.isEmpty()) {
            return null;
        }
        if (text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
            try {
                return new InetSocketAddress(InetAddress.getByName(text), 0);
            } catch (UnknownHostException e) {
                // not a literal after all
            }
        }
        return InetSocketAddress.createUnresolved(text, 0);
    }
}
