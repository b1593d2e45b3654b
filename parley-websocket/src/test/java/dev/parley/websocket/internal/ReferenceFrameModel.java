package dev.parley.websocket.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * An independent, deliberately naive model of what a server must do with the bytes a client sent
 * (RFC 6455 §5 and §7.4, no extension): it reads the whole stream at once, with no chunking, no
 * streaming and no buffer reuse, and says which events come out and with which close code the
 * connection fails. {@link FrameRulesFuzzTest} compares {@link FrameReader} + {@link FrameRules} to it.
 *
 * <p>Where RFC 6455 leaves an order open (two violations in one header), the model follows the order
 * of the checks in {@code FrameRules}, documented there; what it never copies is the code.
 */
final class ReferenceFrameModel {
    /** The outcome: events in order, then the close code of the failure, or 0 if the stream did not fail. */
    record Outcome(List<String> events, int failure) {
    }

    private final long maxFrameSize;
    private final long maxMessageSize;
    private final List<String> events = new ArrayList<>();
    private int messageOpcode;
    private long messageWire;
    private byte[] message = new byte[0];

    ReferenceFrameModel(long maxFrameSize, long maxMessageSize) {
        this.maxFrameSize = maxFrameSize;
        this.maxMessageSize = maxMessageSize;
    }

    Outcome run(byte[] in) {
        int failure = 0;
        try {
            parse(in);
        } catch (Failure f) {
            failure = f.code;
        }
        return new Outcome(List.copyOf(events), failure);
    }

    private static final class Failure extends RuntimeException {
        final int code;

        Failure(int code) {
            super(null, null, false, false);
            this.code = code;
        }
    }

    private void parse(byte[] in) {
        int pos = 0;
        while (true) {
            if (in.length - pos < 2) {
                return;
            }
            int b0 = in[pos] & 0xFF;
            int b1 = in[pos + 1] & 0xFF;
            boolean masked = (b1 & 0x80) != 0;
            int len7 = b1 & 0x7F;
            int extended = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
            int headerLength = 2 + extended + (masked ? 4 : 0);
            if (in.length - pos < headerLength) {
                return;
            }
            long length = len7;
            if (len7 == 126) {
                length = ((in[pos + 2] & 0xFF) << 8) | (in[pos + 3] & 0xFF);
                if (length < 126) {
                    throw new Failure(1002);
                }
            } else if (len7 == 127) {
                if ((in[pos + 2] & 0x80) != 0) {
                    throw new Failure(1002);
                }
                length = 0;
                for (int i = 2; i < 10; i++) {
                    length = length * 256 + (in[pos + i] & 0xFF);
                }
                if (length < 65536) {
                    throw new Failure(1002);
                }
            }
            byte[] mask = masked ? Arrays.copyOfRange(in, pos + 2 + extended, pos + 6 + extended) : null;
            pos += headerLength;
            boolean fin = (b0 & 0x80) != 0;
            int rsv = (b0 >> 4) & 0x7;
            int opcode = b0 & 0xF;
            checkHeader(fin, rsv, opcode, masked, length);
            int available = (int) Math.min(length, in.length - pos);
            byte[] payload = Arrays.copyOfRange(in, pos, pos + available);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i % 4];
            }
            pos += available;
            boolean control = opcode >= 8;
            if (!control) {
                message = concat(message, payload);
                if (messageOpcode == 1 && !Utf8.isPrefixOfValid(message)) {
                    throw new Failure(1007);
                }
            }
            if (available < length) {
                return; // the rest of the frame never came
            }
            if (control) {
                if (control(opcode, payload)) {
                    return; // after a close frame nothing is read
                }
            } else if (fin) {
                endMessage();
            }
        }
    }

    private void checkHeader(boolean fin, int rsv, int opcode, boolean masked, long length) {
        if (rsv != 0) {
            throw new Failure(1002); // no extension: RSV1-3 must be 0
        }
        if (!(opcode <= 2 || (opcode >= 8 && opcode <= 10))) {
            throw new Failure(1002);
        }
        if (!masked) {
            throw new Failure(1002);
        }
        if (opcode >= 8) {
            if (!fin || length > 125 || (opcode == 8 && length == 1)) {
                throw new Failure(1002);
            }
            return;
        }
        if (opcode == 0 && messageOpcode == 0) {
            throw new Failure(1002);
        }
        if (opcode != 0) {
            if (messageOpcode != 0) {
                throw new Failure(1002);
            }
            messageOpcode = opcode;
            messageWire = 0;
            message = new byte[0];
        }
        if (length > maxFrameSize) {
            throw new Failure(1009);
        }
        messageWire += length;
        if (messageWire > maxMessageSize) {
            throw new Failure(1009);
        }
    }

    /** Returns true for a close frame. */
    private boolean control(int opcode, byte[] payload) {
        if (opcode == 9) {
            events.add("ping " + hex(payload));
            return false;
        }
        if (opcode == 10) {
            events.add("pong " + hex(payload));
            return false;
        }
        if (payload.length == 0) {
            events.add("close 1005 ");
            return true;
        }
        int code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        // RFC 6455 §7.4.1 and the IANA registry of §11.7: codes a peer may send.
        boolean legal = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
        if (!legal) {
            throw new Failure(1002);
        }
        byte[] reason = Arrays.copyOfRange(payload, 2, payload.length);
        if (!Utf8.isValid(reason)) {
            throw new Failure(1007);
        }
        events.add("close " + code + " " + new String(reason, StandardCharsets.UTF_8));
        return true;
    }

    private void endMessage() {
        if (messageOpcode == 1) {
            if (!Utf8.isValid(message)) {
                throw new Failure(1007);
            }
            events.add("text " + new String(message, StandardCharsets.UTF_8));
        } else {
            events.add("binary " + hex(message));
        }
        messageOpcode = 0;
        message = new byte[0];
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** UTF-8 by the table of RFC 3629 §4, written out byte by byte. */
    static final class Utf8 {
        private Utf8() {
        }

        static boolean isValid(byte[] b) {
            int end = scan(b);
            return end == b.length;
        }

        /** True if {@code b} is valid UTF-8 or can still become valid with more bytes. */
        static boolean isPrefixOfValid(byte[] b) {
            return scan(b) >= 0;
        }

        /**
         * Returns the length of the longest valid prefix made of whole characters when the rest is an
         * incomplete but so far legal sequence, b.length when all is valid, or -1 at an illegal byte.
         */
        private static int scan(byte[] b) {
            int i = 0;
            while (i < b.length) {
                int c = b[i] & 0xFF;
                int need;
                int lo = 0x80;
                int hi = 0xBF;
                if (c <= 0x7F) {
                    i++;
                    continue;
                } else if (c >= 0xC2 && c <= 0xDF) {
                    need = 1;
                } else if (c == 0xE0) {
                    need = 2;
                    lo = 0xA0;
                } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
                    need = 2;
                } else if (c == 0xED) {
                    need = 2;
                    hi = 0x9F;
                } else if (c == 0xF0) {
                    need = 3;
                    lo = 0x90;
                } else if (c >= 0xF1 && c <= 0xF3) {
                    need = 3;
                } else if (c == 0xF4) {
                    need = 3;
                    hi = 0x8F;
                } else {
                    return -1;
                }
                for (int k = 1; k <= need; k++) {
                    if (i + k >= b.length) {
                        return i; // incomplete, legal so far
                    }
                    int n = b[i + k] & 0xFF;
                    int l = k == 1 ? lo : 0x80;
                    int h = k == 1 ? hi : 0xBF;
                    if (n < l || n > h) {
                        return -1;
                    }
                }
                i += need + 1;
            }
            return b.length;
        }
    }
}
