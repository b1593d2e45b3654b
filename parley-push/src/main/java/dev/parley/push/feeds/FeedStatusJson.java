package dev.parley.push.feeds;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * The body of {@code GET /api/feeds}: {@code {"feeds":[{...}]}}, one object per feed in the order configured.
 * Times are ISO-8601 UTC strings, or null for never; {@code lastEventId} is null before the first publication.
 */
final class FeedStatusJson {
    private static final JsonFactory JSON = new JsonFactory();

    private FeedStatusJson() {
    }

    static String write(List<FeedStatus> feeds) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeArrayFieldStart("feeds");
            for (FeedStatus feed : feeds) {
                writeFeed(json, feed);
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    private static void writeFeed(JsonGenerator json, FeedStatus feed) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", feed.name());
        json.writeStringField("topic", feed.topic());
        json.writeStringField("url", feed.url());
        json.writeNumberField("everyMillis", feed.everyMillis());
        json.writeStringField("state", feed.state());
        time(json, "lastSuccessAt", feed.lastSuccessAt());
        time(json, "lastChangeAt", feed.lastChangeAt());
        if (feed.lastError() == null) {
            json.writeNullField("lastError");
        } else {
            json.writeObjectFieldStart("lastError");
            json.writeStringField("kind", feed.lastError().kind());
            json.writeStringField("message", feed.lastError().message());
            time(json, "at", feed.lastError().at());
            json.writeEndObject();
        }
        json.writeNumberField("consecutiveFailures", feed.consecutiveFailures());
        time(json, "nextAttemptAt", feed.nextAttemptAt());
        if (feed.lastEventId() < 0) {
            json.writeNullField("lastEventId");
        } else {
            json.writeNumberField("lastEventId", feed.lastEventId());
        }
        json.writeNumberField("polls", feed.polls());
        json.writeNumberField("published", feed.published());
        json.writeEndObject();
    }

    private static void time(JsonGenerator json, String field, long epochMillis) throws IOException {
        if (epochMillis < 0) {
            json.writeNullField(field);
        } else {
            json.writeStringField(field, Instant.ofEpochMilli(epochMillis).toString());
        }
    }
}
