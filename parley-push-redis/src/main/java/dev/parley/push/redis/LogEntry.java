package dev.parley.push.redis;

import dev.parley.push.TopicEvent;
import dev.parley.push.TopicName;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Decodes one entry of the log as Redis sent it (bytes), checking every size before it decodes anything: the
 * data against {@code maxDataBytes}, the topic against {@link TopicName#MAX_LENGTH}, the numbers against 19
 * digits. An entry the publish script did not write (another writer, another version) fails with a
 * {@link LogEntryException} that says why; the reader counts it and goes on. Stateless.
 */
final class LogEntry {
    private static final int MAX_FIELDS = 16;
    private static final int MAX_NUMBER_BYTES = 19;
    private static final byte[] TOPIC = PublishScript.FIELD_TOPIC.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = PublishScript.FIELD_DATA.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PREVIOUS = PublishScript.FIELD_PREVIOUS.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MILLIS = PublishScript.FIELD_MILLIS.getBytes(StandardCharsets.US_ASCII);

    /** One decoded entry: the event and the id before it in the log. */
    record Decoded(TopicEvent event, long previousId) {
    }

    /** A log entry that cannot be an event. */
    static final class LogEntryException extends Exception {
        LogEntryException(String message) {
            super(message, null, false, false);
        }
    }

    private LogEntry() {
    }

    /** The event id of a stream entry id {@code <id>-0}. */
    static long id(String streamId) throws LogEntryException {
        int dash = streamId.indexOf('-');
        if (dash < 1 || !streamId.substring(dash + 1).equals("0")) {
            throw new LogEntryException("entry id " + streamId + " is not <id>-0");
        }
        return parseLong(streamId.substring(0, dash), "entry id");
    }

    static Decoded decode(String streamId, Map<byte[], byte[]> fields, int maxDataBytes) throws LogEntryException {
        long id = id(streamId);
        if (fields.size() > MAX_FIELDS) {
            throw new LogEntryException("entry " + streamId + " has " + fields.size() + " fields");
        }
        byte[] topic = null;
        byte[] data = null;
        byte[] previous = null;
        byte[] millis = null;
        for (Map.Entry<byte[], byte[]> field : fields.entrySet()) {
            byte[] name = field.getKey();
            if (Arrays.equals(name, TOPIC)) {
                topic = field.getValue();
            } else if (Arrays.equals(name, DATA)) {
                data = field.getValue();
            } else if (Arrays.equals(name, PREVIOUS)) {
                previous = field.getValue();
            } else if (Arrays.equals(name, MILLIS)) {
                millis = field.getValue();
            }
        }
        if (topic == null || data == null || previous == null || millis == null) {
            throw new LogEntryException("entry " + streamId + " lacks one of the fields t, d, p, m");
        }
        if (data.length > maxDataBytes) {
            throw new LogEntryException("entry " + streamId + " carries " + data.length + " bytes of data, more than "
                    + maxDataBytes);
        }
        if (topic.length > TopicName.MAX_LENGTH) {
            throw new LogEntryException("entry " + streamId + " names a topic of " + topic.length + " bytes");
        }
        String topicName = new String(topic, StandardCharsets.UTF_8);
        if (!TopicName.isValid(topicName)) {
            throw new LogEntryException("entry " + streamId + " names an invalid topic");
        }
        TopicEvent event = new TopicEvent(topicName, id, new String(data, StandardCharsets.UTF_8),
                number(millis, "m"));
        return new Decoded(event, number(previous, "p"));
    }

    private static long number(byte[] bytes, String field) throws LogEntryException {
        if (bytes.length == 0 || bytes.length > MAX_NUMBER_BYTES) {
            throw new LogEntryException("field " + field + " is not a number of 1 to " + MAX_NUMBER_BYTES + " digits");
        }
        return parseLong(new String(bytes, StandardCharsets.US_ASCII), "field " + field);
    }

    private static long parseLong(String text, String what) throws LogEntryException {
        if (text.isEmpty() || text.length() > MAX_NUMBER_BYTES) {
            throw new LogEntryException(what + " is not a number of 1 to " + MAX_NUMBER_BYTES + " digits");
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                throw new LogEntryException(what + " is not a number");
            }
        }
        return Long.parseLong(text);
    }
}
