package dev.parley.app;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The Socket.IO cluster adapters {@code --adapter} can choose, named on the command line as Node's
 * {@code @socket.io/redis-adapter} names them: classic (Redis pub/sub, {@code createAdapter}) and sharded
 * (Redis 7 sharded pub/sub, {@code createShardedAdapter}); and streams ({@code @socket.io/redis-streams-adapter}).
 */
enum AdapterKind {
    /** Redis pub/sub on {@code key#nsp#} channels: {@code @socket.io/redis-adapter}'s {@code createAdapter}. */
    CLASSIC,
    /** Redis 7 sharded pub/sub (SPUBLISH/SSUBSCRIBE): {@code @socket.io/redis-adapter}'s {@code createShardedAdapter}. */
    SHARDED,
    /** Redis streams (XADD/XREAD) with recovery on any server: {@code @socket.io/redis-streams-adapter}'s {@code createAdapter}. */
    STREAMS;

    /** The name the command line and {@code PARLEY_ADAPTER} take, and {@code --print-config} shows. */
    String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return cliName();
    }

    /** Reads {@code classic} or {@code sharded} (any case); anything else is refused with the list of the known names. */
    static final class Converter implements ITypeConverter<AdapterKind> {
        @Override
        public AdapterKind convert(String value) {
            for (AdapterKind kind : values()) {
                if (kind.cliName().equalsIgnoreCase(value.trim())) {
                    return kind;
                }
            }
            throw new TypeConversionException("'" + value + "' is not an adapter (known: "
                    + Arrays.stream(values()).map(AdapterKind::cliName).collect(Collectors.joining(", ")) + ")");
        }
    }
}
