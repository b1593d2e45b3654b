package dev.parley.push.redis;

import dev.parley.push.Publication;
import dev.parley.push.TopicEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The Lua script that numbers and logs one batch of publications, and its arguments and answer. Redis runs a
 * script alone, so the ids it issues are in the order of the log, and the log's order is every server's order.
 *
 * <p>Each id is {@code max(last + 1, ms * 1000)} with {@code ms} from Redis's {@code TIME}: one clock for the
 * whole cluster. Each entry also carries the id before it ({@code p}), so a reader sees when it missed some
 * (the log was trimmed past it while it was away, or Redis lost its data). Lua numbers are doubles: ids stay
 * below 2^53 until the year 2255, so they are exact, and {@code %.0f} writes them without an exponent.
 *
 * <p>Entry fields: {@code t} topic, {@code d} data (JSON text), {@code p} the previous id, {@code m} the
 * publication time in ms. The stream entry id is {@code <id>-0}. Stateless.
 */
final class PublishScript {
    static final String FIELD_TOPIC = "t";
    static final String FIELD_DATA = "d";
    static final String FIELD_PREVIOUS = "p";
    static final String FIELD_MILLIS = "m";

    // KEYS[1] the counter, KEYS[2] the log; ARGV[1] log size, ARGV[2] log age in ms, then topic, data pairs.
    static final String LUA = String.join("\n",
            "local now = redis.call('TIME')",
            "local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)",
            "local last = tonumber(redis.call('GET', KEYS[1]) or '0')",
            "local answer = {ms}",
            "for i = 3, #ARGV - 1, 2 do",
            "  local id = math.max(last + 1, ms * 1000)",
            "  redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[1], string.format('%.0f-0', id),",
            "    't', ARGV[i], 'd', ARGV[i + 1], 'p', string.format('%.0f', last), 'm', string.format('%.0f', ms))",
            "  answer[#answer + 1] = id",
            "  last = id",
            "end",
            "redis.call('SET', KEYS[1], string.format('%.0f', last))",
            "redis.call('XTRIM', KEYS[2], 'MINID', string.format('%.0f', (ms - tonumber(ARGV[2])) * 1000))",
            "redis.call('PEXPIRE', KEYS[2], ARGV[2])",
            "return answer");

    private PublishScript() {
    }

    static byte[][] keys(RedisTopicBusOptions options) {
        return new byte[][] {utf8(options.counterKey()), utf8(options.logKey())};
    }

    static byte[][] args(RedisTopicBusOptions options, List<Publication> publications) {
        byte[][] args = new byte[2 + 2 * publications.size()][];
        args[0] = utf8(Long.toString(options.logSize()));
        args[1] = utf8(Long.toString(options.logAge().toMillis()));
        int i = 2;
        for (Publication publication : publications) {
            args[i++] = utf8(publication.topic());
            args[i++] = utf8(publication.jsonData());
        }
        return args;
    }

    /** The script's answer, {@code [ms, id1, id2...]}, as the events it logged. */
    static List<TopicEvent> events(List<Publication> publications, List<Object> answer) {
        if (answer.size() != publications.size() + 1) {
            throw new IllegalStateException("the publish script answered " + answer.size() + " values for "
                    + publications.size() + " publications");
        }
        long millis = (Long) answer.get(0);
        List<TopicEvent> events = new ArrayList<>(publications.size());
        for (int i = 0; i < publications.size(); i++) {
            Publication publication = publications.get(i);
            events.add(new TopicEvent(publication.topic(), (Long) answer.get(i + 1), publication.jsonData(), millis));
        }
        return events;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
