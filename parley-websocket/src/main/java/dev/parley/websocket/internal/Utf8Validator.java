package dev.parley.websocket.internal;

import io.netty.buffer.ByteBuf;

/**
 * Incremental UTF-8 validation (RFC 3629, Unicode Table 3-7), fed any number of chunks, that fails on the
 * first byte which can start no valid sequence: RFC 6455 §8.1 asks to fail a text message as soon as it is
 * known to be invalid, not when it is complete.
 *
 * <p>State is two bounds and a count, so one validator per session costs a few bytes.
 * Not thread-safe; used on one event loop.
 */
public final class Utf8Validator {
    private static final long NON_ASCII_MASK = 0x8080808080808080L;

    private int pendingContinuations;
    private int lowerBound = 0x80;
    private int upperBound = 0xBF;

    /**
     * Validates {@code length} bytes of {@code buf} from {@code index} without moving its indexes.
     *
     * @return false as soon as a byte makes the sequence invalid
     */
    public boolean feed(ByteBuf buf, int index, int length) {
        int i = index;
        int end = index + length;
        while (i < end) {
            if (pendingContinuations == 0) {
                // Fast path: skip runs of ASCII eight bytes at a time.
                while (i + 8 <= end && (buf.getLong(i) & NON_ASCII_MASK) == 0) {
                    i += 8;
                }
                if (i >= end) {
                    break;
                }
            }
            if (!feedByte(buf.getByte(i) & 0xFF)) {
                return false;
            }
            i++;
        }
        return true;
    }

    /** Validates one byte; false if it makes the sequence invalid. */
    public boolean feedByte(int b) {
        if (pendingContinuations > 0) {
            if (b < lowerBound || b > upperBound) {
                return false;
            }
            pendingContinuations--;
            lowerBound = 0x80;
            upperBound = 0xBF;
            return true;
        }
        if (b < 0x80) {
            return true;
        }
        if (b >= 0xC2 && b <= 0xDF) {
            expect(1, 0x80, 0xBF);
        } else if (b == 0xE0) {
            expect(2, 0xA0, 0xBF); // no overlong 3-byte forms
        } else if (b == 0xED) {
            expect(2, 0x80, 0x9F); // no UTF-16 surrogates U+D800..U+DFFF
        } else if (b >= 0xE1 && b <= 0xEF) {
            expect(2, 0x80, 0xBF);
        } else if (b == 0xF0) {
            expect(3, 0x90, 0xBF); // no overlong 4-byte forms
        } else if (b >= 0xF1 && b <= 0xF3) {
            expect(3, 0x80, 0xBF);
        } else if (b == 0xF4) {
            expect(3, 0x80, 0x8F); // nothing above U+10FFFF
        } else {
            return false; // 0x80-0xC1 as a lead byte, or 0xF5-0xFF
        }
        return true;
    }

    /** True when the bytes fed so far end on a character boundary. */
    public boolean isComplete() {
        return pendingContinuations == 0;
    }

    /** Forgets all state, for the next message. */
    public void reset() {
        pendingContinuations = 0;
        lowerBound = 0x80;
        upperBound = 0xBF;
    }

    /** Whether a whole buffer region is valid, complete UTF-8. */
    public static boolean isValid(ByteBuf buf, int index, int length) {
        Utf8Validator validator = new Utf8Validator();
        return validator.feed(buf, index, length) && validator.isComplete();
    }

    private void expect(int continuations, int lower, int upper) {
        pendingContinuations = continuations;
        lowerBound = lower;
        upperBound = upper;
    }
}
