package dev.parley.adminui.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Times as the Node server puts them on the wire, so that the UI parses and shows them the same way. */
final class JsTime {
    /** What JSON.stringify makes of a Date: always with milliseconds. */
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    /** Date.prototype.toString() in UTC, which engine.io puts in {@code handshake.time}. */
    private static final DateTimeFormatter DATE_STRING = DateTimeFormatter
            .ofPattern("EEE MMM dd yyyy HH:mm:ss 'GMT+0000 (Coordinated Universal Time)'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private JsTime() {
    }

    static String iso(Instant instant) {
        return ISO.format(instant);
    }

    static String dateString(Instant instant) {
        return DATE_STRING.format(instant);
    }
}
