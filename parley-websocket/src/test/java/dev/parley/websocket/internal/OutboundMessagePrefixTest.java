package dev.parley.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutboundMessagePrefixTest {
    @Test
    void aPrefixedTextIsTheSameFrameAsTheConcatenatedText() {
        String text = "42[\"message-back\",\"h\u00e9llo \u6f22\u5b57\"]";
        OutboundMessage prefixed = OutboundMessage.text(ByteBufAllocator.DEFAULT, '4', text);
        OutboundMessage concatenated = OutboundMessage.text(ByteBufAllocator.DEFAULT, "4" + text);
        ByteBuf a = prefixed.plainFrame();
        ByteBuf b = concatenated.plainFrame();
        try {
            assertThat(prefixed.payloadLength()).isEqualTo(("4" + text).getBytes(StandardCharsets.UTF_8).length);
            assertThat(ByteBufUtil.getBytes(a)).isEqualTo(ByteBufUtil.getBytes(b));
        } finally {
            a.release();
            b.release();
            prefixed.release();
            concatenated.release();
        }
    }

    @Test
    void aPrefixMustBeAscii() {
        assertThatThrownBy(() -> OutboundMessage.text(ByteBufAllocator.DEFAULT, '\u00e9', "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
