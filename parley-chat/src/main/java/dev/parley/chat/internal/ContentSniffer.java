package dev.parley.chat.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The content type of an upload, from its first bytes, never from what the client claims. Only formats a
 * browser renders safely as images are called images (no SVG: it can carry script); text is plain text.
 */
public final class ContentSniffer {
    private ContentSniffer() {
    }

    public static String sniff(byte[] data) {
        if (startsWith(data, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return "image/png";
        }
        if (startsWith(data, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        if (startsWith(data, 'G', 'I', 'F', '8')) {
            return "image/gif";
        }
        if (startsWith(data, 'R', 'I', 'F', 'F') && data.length >= 12 && data[8] == 'W' && data[9] == 'E'
                && data[10] == 'B' && data[11] == 'P') {
            return "image/webp";
        }
        if (startsWith(data, '%', 'P', 'D', 'F', '-')) {
            return "application/pdf";
        }
        return isText(data) ? "text/plain; charset=utf-8" : "application/octet-stream";
    }

    private static boolean startsWith(byte[] data, int... magic) {
        if (data.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((data[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isText(byte[] data) {
        int n = Math.min(data.length, 8192);
        for (int i = 0; i < n; i++) {
            if (data[i] == 0) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data, 0, n));
            return true;
        } catch (CharacterCodingException e) {
            // A multi-byte character cut at the 8 KB boundary is still text.
            return n < data.length && n > 4;
        }
    }
}
