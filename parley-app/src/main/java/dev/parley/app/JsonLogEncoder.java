package dev.parley.app;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * One JSON object a line, for log shippers (Loki, Elasticsearch, Cloud Logging...):
 * {@code {"timestamp":"2026-12-07T03:10:00.123Z","level":"INFO","logger":"dev.parley.server.ParleyServer",
 * "thread":"main","message":"...","exception":"java.io.IOException: ...\n\tat ..."}} ({@code exception} only when
 * the event has one: the whole stack trace as one string, causes included). The timestamp is ISO-8601 in UTC
 * with milliseconds. Used only by the logging thread that holds the appender's lock.
 */
final class JsonLogEncoder extends EncoderBase<ILoggingEvent> {
    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] NOTHING = new byte[0];

    @Override
    public byte[] headerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(line)) {
            json.writeStartObject();
            json.writeStringField("timestamp", DateTimeFormatter.ISO_INSTANT.format(
                    Instant.ofEpochMilli(event.getTimeStamp())));
            json.writeStringField("level", event.getLevel().toString());
            json.writeStringField("logger", event.getLoggerName());
            json.writeStringField("thread", event.getThreadName());
            json.writeStringField("message", event.getFormattedMessage());
            IThrowableProxy error = event.getThrowableProxy();
            if (error != null) {
                json.writeStringField("exception", ThrowableProxyUtil.asString(error));
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        line.write('\n');
        return line.toByteArray();
    }

    @Override
    public byte[] footerBytes() {
        return NOTHING;
    }
}
