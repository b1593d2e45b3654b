package dev.parley.adminui.internal;

import dev.parley.socketio.Handshake;
import dev.parley.socketio.RemoteSocket;
import dev.parley.socketio.SocketIoSocket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A socket as the UI lists it: {@code {id, clientId, transport, nsp, data, handshake, rooms}}. The
 * connection id and transport travel in the socket's data under {@value #ADMIN_KEY} (as the Node server
 * keeps them), so that a socket fetched from another server of the cluster, Parley or Node, shows them
 * too; the UI is shown the data without that key.
 */
public final class SocketView {
    /** Where the Node package keeps a socket's client id and transport; a Node peer reads the same key. */
    public static final String ADMIN_KEY = "_admin";
    /** The UI shows the first 12 characters of the connection id, as the Node server sends them. */
    private static final int CLIENT_ID_LENGTH = 12;

    private SocketView() {
    }

    /** What this server records in a local socket's data: its client id and current transport. */
    public static Map<String, Object> adminData(SocketIoSocket socket) {
        String connection = socket.connectionId();
        return Map.of("clientId", connection.substring(0, Math.min(CLIENT_ID_LENGTH, connection.length())),
                "transport", socket.transport());
    }

    public static Map<String, Object> of(RemoteSocket socket, String namespace) {
        Map<String, Object> admin = adminPart(socket.data());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", socket.id());
        view.put("clientId", admin.get("clientId"));
        view.put("transport", admin.get("transport"));
        view.put("nsp", namespace);
        view.put("data", withoutAdmin(socket.data()));
        view.put("handshake", handshake(socket.handshake()));
        view.put("rooms", new ArrayList<>(socket.rooms()));
        return view;
    }

    /** The application's data without this module's key; a non-map value (a Node peer's) as it is. */
    public static Object withoutAdmin(Object data) {
        if (data instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>(map);
            copy.remove(ADMIN_KEY);
            return copy;
        }
        return data == null ? Map.of() : data;
    }

    private static Map<String, Object> adminPart(Object data) {
        if (data instanceof Map<?, ?> map && map.get(ADMIN_KEY) instanceof Map<?, ?> admin) {
            Map<String, Object> out = new LinkedHashMap<>();
            admin.forEach((k, v) -> out.put(String.valueOf(k), v));
            return out;
        }
        return Map.of();
    }

    private static Map<String, Object> handshake(Handshake handshake) {
        Map<String, Object> view = new LinkedHashMap<>();
        if (handshake == null) {
            return view;
        }
        Map<String, Object> headers = joined(handshake.headers(), true);
        view.put("address", firstNonNull(headers.get("cf-connecting-ip"), headers.get("x-forwarded-for"),
                address(handshake.address())));
        view.put("headers", headers);
        view.put("query", joined(handshake.query(), false));
        view.put("issued", handshake.time().toEpochMilli());
        view.put("secure", handshake.secure());
        view.put("time", JsTime.dateString(handshake.time()));
        view.put("url", handshake.url());
        view.put("xdomain", headers.containsKey("origin"));
        return view;
    }

    /** Node's headers and query are one string per name; repeated values are joined as Node joins them. */
    private static Map<String, Object> joined(Map<String, List<String>> values, boolean lowerCaseNames) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (values != null) {
            values.forEach((name, list) -> out.put(lowerCaseNames ? name.toLowerCase(java.util.Locale.ROOT) : name,
                    list.size() == 1 ? list.get(0) : String.join(", ", list)));
        }
        return out;
    }

    private static Object address(InetSocketAddress address) {
        if (address == null) {
            return null;
        }
        return address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
    }

    private static Object firstNonNull(Object... values) {
        for (Object value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
