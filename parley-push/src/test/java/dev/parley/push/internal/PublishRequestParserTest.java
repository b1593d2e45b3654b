package dev.parley.push.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PublishRequestParserTest {
    private final PublishRequestParser parser = new PublishRequestParser(3);

    private PublishRequestParser.Parsed parse(String body) {
        return parser.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    private void assertRefused(String body, int status, String code, int index) {
        assertThatThrownBy(() -> parse(body)).as(body).isInstanceOfSatisfying(PublishRefusal.class, r -> {
            assertThat(r.status()).isEqualTo(status);
            assertThat(r.code()).isEqualTo(code);
            assertThat(r.index()).isEqualTo(index);
        });
    }

    @Test
    void oneObjectOrAnArrayOfThem() {
        PublishRequestParser.Parsed one = parse("{\"topic\":\"prices\",\"data\":{\"eur\":1.0800},\"id\":\"r-1\"}");
        assertThat(one.batch()).isFalse();
        assertThat(one.items()).containsExactly(new PublishItem("prices", "{\"eur\":1.0800}", "r-1"));
        PublishRequestParser.Parsed many = parse("[{\"topic\":\"a\",\"data\":1}, {\"data\": [true, null], \"topic\":\"b\"}]");
        assertThat(many.batch()).isTrue();
        assertThat(many.items()).containsExactly(new PublishItem("a", "1", null), new PublishItem("b", "[true,null]", null));
    }

    @Test
    void dataIsCompactAndKeepsItsDigits() {
        String data = parse("{\"topic\":\"t\",\"data\": { \"big\" : 123456789012345678901234567890, \"f\": 0.1000,"
                + " \"e\": 1e400, \"s\": \"\\u00e9\\n\" } }").items().get(0).data();
        assertThat(data).isEqualTo("{\"big\":123456789012345678901234567890,\"f\":0.1000,\"e\":1E+400,\"s\":\"é\\n\"}");
        assertThat(parse("{\"topic\":\"t\",\"data\":null}").items().get(0).data()).isEqualTo("null");
    }

    @Test
    void eachBadInputHasItsReason() {
        assertRefused("", 400, "invalid_body", -1);
        assertRefused("{", 400, "invalid_json", -1);
        assertRefused("{\"topic\":\"t\",\"data\":1} x", 400, "invalid_json", -1);
        assertRefused("{\"topic\":\"t\",\"topic\":\"u\",\"data\":1}", 400, "invalid_json", -1);
        assertRefused("\"just a string\"", 400, "invalid_body", -1);
        assertRefused("[]", 400, "invalid_batch", -1);
        assertRefused("[{\"topic\":\"t\",\"data\":1},{\"topic\":\"t\",\"data\":1},{\"topic\":\"t\",\"data\":1},"
                + "{\"topic\":\"t\",\"data\":1}]", 400, "invalid_batch", -1);
        assertRefused("[{\"topic\":\"t\",\"data\":1}, 5]", 400, "invalid_body", 1);
        assertRefused("{\"topic\":\"t\",\"data\":1,\"ttl\":5}", 400, "unknown_field", -1);
        assertRefused("[{\"topic\":\"t\",\"data\":1},{\"topic\":\"t\",\"data\":1,\"x\":0}]", 400, "unknown_field", 1);
        assertRefused("{\"data\":1}", 400, "invalid_topic", -1);
        assertRefused("{\"topic\":5,\"data\":1}", 400, "invalid_topic", -1);
        assertRefused("{\"topic\":\"has space\",\"data\":1}", 400, "invalid_topic", -1);
        assertRefused("{\"topic\":\"" + "x".repeat(201) + "\",\"data\":1}", 400, "invalid_topic", -1);
        assertRefused("{\"topic\":\"t\"}", 400, "missing_data", -1);
        assertRefused("{\"topic\":\"t\",\"data\":1,\"id\":7}", 400, "invalid_id", -1);
        assertRefused("{\"topic\":\"t\",\"data\":1,\"id\":\"\"}", 400, "invalid_id", -1);
        assertRefused("{\"topic\":\"t\",\"data\":1,\"id\":\"" + "k".repeat(129) + "\"}", 400, "invalid_id", -1);
        assertRefused("{\"topic\":\"t\",\"data\":1,\"id\":\"a\\u0000\"}", 400, "invalid_id", -1);
    }

    @Test
    void nestingIsCappedBeforeAnyTreeIsBuilt() {
        // The body's cap leaves room for the array and the object around the data; the data's own cap
        // (JsonText.MAX_DEPTH) is the hub's, checked when it is published.
        String deep = "[".repeat(JsonText.MAX_DEPTH + 2) + "]".repeat(JsonText.MAX_DEPTH + 2);
        assertRefused("{\"topic\":\"t\",\"data\":" + deep + "}", 400, "invalid_json", -1);
        String allowed = "[".repeat(JsonText.MAX_DEPTH - 1) + "]".repeat(JsonText.MAX_DEPTH - 1);
        assertThat(parse("{\"topic\":\"t\",\"data\":" + allowed + "}").items()).hasSize(1);
    }
}
