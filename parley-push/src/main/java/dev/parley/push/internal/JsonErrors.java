package dev.parley.push.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.server.HttpErrorBody;
import dev.parley.server.HttpResponse;

/**
 * Every HTTP refusal of the push gateway (publish API, SSE, polling, feed status), in one shape:
 * {@code {"error":"<reason>","message":"<for people>"}} (plus {@code "index"} for one publication of a batch)
 * with the status that fits, the reason stable and machine-readable ({@code invalid_topic},
 * {@code too_many_streams}...), and {@code Cache-Control: no-store}.
 */
public final class JsonErrors {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The server's own refusals for these routes (a body: 413, the server stopping: 503) in the same shape. */
    public static final HttpErrorBody SERVER = (status, message) -> error(status, reasonOf(status), message);

    private JsonErrors() {
    }

    public static HttpResponse error(int status, String reason, String message) {
        return error(status, reason, message, -1);
    }

    /** With {@code index} when it is 0 or more: the publication of a batch at fault. */
    public static HttpResponse error(int status, String reason, String message, int index) {
        ObjectNode body = JSON.createObjectNode().put("error", reason).put("message", message);
        if (index >= 0) {
            body.put("index", index);
        }
        return HttpResponse.json(status, body.toString()).withHeader("Cache-Control", "no-store");
    }

    private static String reasonOf(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 413 -> "body_not_allowed";
            case 503 -> "shutting_down";
            default -> "server_error";
        };
    }
}
