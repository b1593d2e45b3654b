package dev.parley.server;

import java.util.Map;

/**
 * What {@code /readyz} answers: ready when every check is up.
 *
 * @param checks each check's result by name, in the order they were added ({@code server} first)
 */
public record HealthReport(Map<String, CheckResult> checks) {
    public HealthReport {
        checks = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(checks));
    }

    public boolean ready() {
        return checks.values().stream().allMatch(CheckResult::up);
    }

    /**
     * The JSON body: {@code {"status":"up"|"down","checks":{"server":{"status":"up"},"database":{"status":"down",
     * "reason":"..."}}}}; a {@link CheckResult#degraded} check is {@code {"status":"degraded","reason":"..."}}
     * and leaves the whole {@code "up"}.
     */
    public String toJson() {
        StringBuilder json = new StringBuilder("{\"status\":\"").append(ready() ? "up" : "down").append("\",\"checks\":{");
        boolean first = true;
        for (Map.Entry<String, CheckResult> check : checks.entrySet()) {
            if (!first) {
                json.append(',');
            }
            first = false;
            appendString(json, check.getKey());
            json.append(":{\"status\":\"").append(statusOf(check.getValue())).append('"');
            if (check.getValue().reason() != null) {
                json.append(",\"reason\":");
                appendString(json, check.getValue().reason());
            }
            json.append('}');
        }
        return json.append("}}").toString();
    }

    private static String statusOf(CheckResult check) {
        return check.degraded() ? "degraded" : check.up() ? "up" : "down";
    }

    /** A JSON string (RFC 8259 §7): quotes, backslashes and control characters escaped. */
    static void appendString(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
