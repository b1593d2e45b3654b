package dev.parley.adapter.redis.wire;

import java.util.regex.Pattern;

/**
 * Redis stream entry ids ({@code <milliseconds>-<sequence>}), which the streams adapter uses as the offsets
 * of connection state recovery. Stateless.
 */
public final class StreamIds {
    /** What Node accepts as an offset ({@code /^[0-9]+-[0-9]+$/}). */
    private static final Pattern ID = Pattern.compile("[0-9]{1,19}-[0-9]{1,19}");

    private StreamIds() {
    }

    /** Whether a client's offset is a stream id (else it cannot be restored). */
    public static boolean isValid(String offset) {
        return offset != null && ID.matcher(offset).matches();
    }

    /** The smallest id after {@code id} (XRANGE's start is inclusive; exclusive ranges need Redis 6.2). */
    public static String next(String id) {
        int dash = id.indexOf('-');
        long sequence = Long.parseUnsignedLong(id.substring(dash + 1));
        if (sequence == -1L) { // 2^64-1: the next millisecond
            return Long.toUnsignedString(Long.parseUnsignedLong(id.substring(0, dash)) + 1) + "-0";
        }
        return id.substring(0, dash) + "-" + Long.toUnsignedString(sequence + 1);
    }

    /** Compares two valid ids in stream order. */
    public static int compare(String a, String b) {
        int da = a.indexOf('-');
        int db = b.indexOf('-');
        int byTime = Long.compareUnsigned(Long.parseUnsignedLong(a.substring(0, da)), Long.parseUnsignedLong(b.substring(0, db)));
        return byTime != 0 ? byTime : Long.compareUnsigned(Long.parseUnsignedLong(a.substring(da + 1)),
                Long.parseUnsignedLong(b.substring(db + 1)));
    }

    /**
     * The stream of a namespace, as Node's {@code computeStreamName}: {@code streamName} for one stream, else
     * {@code streamName-i} with {@code i = hashCode(nsp) % streamCount} (Java's {@code String.hashCode} is
     * Node's {@code hashCode}; both keep the sign of the remainder).
     */
    public static String streamOf(String namespace, String streamName, int streamCount) {
        return streamCount == 1 ? streamName : streamName + "-" + (namespace.hashCode() % streamCount);
    }
}
