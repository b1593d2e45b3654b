package dev.parley.push.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FeedJsonTest {
    @ParameterizedTest
    @ValueSource(strings = {"{}", "[]", "0", "\"text\"", "null", " {\"a\":[1,{\"b\":\"é\"}]}\n"})
    void oneJsonValueIsAccepted(String json) throws FeedFailure {
        assertThat(FeedJson.validate(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(json);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "{\"a\":1,}", "[1] [2]", "{} x", "// c\n{}", "{'a':1}", "NaN", "<html>"})
    void anythingElseIsInvalid(String body) {
        assertThatThrownBy(() -> FeedJson.validate(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(FeedFailure.class, f -> assertThat(f.kind()).isEqualTo(FeedError.INVALID_JSON));
    }

    @Test
    void bytesThatAreNotUtf8AreInvalid() {
        byte[] latin1 = "{\"a\":\"é\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> FeedJson.validate(latin1)).hasMessage("the body is not UTF-8");
        byte[] utf16 = "{}".getBytes(StandardCharsets.UTF_16);
        assertThatThrownBy(() -> FeedJson.validate(utf16)).isInstanceOf(FeedFailure.class);
    }

    @Test
    void aByteOrderMarkIsDropped() throws FeedFailure {
        byte[] withBom = "\uFEFF{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        assertThat(FeedJson.validate(withBom)).isEqualTo("{\"a\":1}");
    }

    @Test
    void theMessageGivesAPositionNotTheBody() {
        assertThatThrownBy(() -> FeedJson.validate("{\"password\":\"hunter2\" oops}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("line 1, column").hasMessageNotContaining("hunter2");
    }
}
