package dev.parley.server;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The query and header maps shared by {@link HttpRequestHead} and {@link HttpRequest}. */
final class RequestMaps {
    private RequestMaps() {
    }

    /** An unmodifiable copy that keeps the parameters' order. */
    static Map<String, List<String>> query(Map<String, List<String>> query) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(query));
    }

    /** An unmodifiable copy whose names are case-insensitive (RFC 9110 §5.1). */
    static Map<String, List<String>> headers(Map<String, List<String>> headers) {
        TreeMap<String, List<String>> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        caseInsensitive.putAll(headers);
        return Collections.unmodifiableMap(caseInsensitive);
    }

    /** The first value of a name, if any. */
    static Optional<String> first(Map<String, List<String>> map, String name) {
        List<String> values = map.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
