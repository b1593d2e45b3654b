package dev.parley.app;

import dev.parley.server.Transport;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code --transport} (and its older form {@code --no-native-transport}), mixed into {@code parley serve}. */
final class TransportOptions {
    @Option(names = "--transport", defaultValue = "${env:PARLEY_TRANSPORT:-auto}", converter = TransportConverter.class,
            description = "Network transport: auto (epoll, else io_uring, else nio: the first that loads), io_uring "
                    + "(Linux 5.14+), epoll (Linux) or nio (any platform); an explicit one that does not load stops "
                    + "the start with the reason (env PARLEY_TRANSPORT). Default: ${DEFAULT-VALUE}")
    Transport transport;

    @Option(names = "--no-native-transport", defaultValue = "${env:PARLEY_NO_NATIVE_TRANSPORT:-false}",
            description = "The same as --transport nio (env PARLEY_NO_NATIVE_TRANSPORT).")
    boolean noNativeTransport;

    /** The transport asked for; {@code --no-native-transport} is {@code nio}. */
    Transport transport() {
        return noNativeTransport ? Transport.NIO : transport;
    }

    /**
     * Refuses, before anything starts, a transport that does not load here and contradicting options: the
     * server would fail later with the same reason, after the application and the cluster had started.
     */
    void check(CommandLine commandLine) {
        if (noNativeTransport && transport != Transport.AUTO && transport != Transport.NIO) {
            throw new ParameterException(commandLine,
                    "--no-native-transport contradicts --transport " + transport.wireName());
        }
        transport().unavailability().ifPresent(reason -> {
            throw new ParameterException(commandLine, "--transport " + transport().wireName() + ": the "
                    + transport().wireName() + " transport does not load here (" + reason + ")");
        });
    }

    /** {@code auto}, {@code io_uring} (or {@code io-uring}), {@code epoll}, {@code nio}, in any case. */
    static final class TransportConverter implements CommandLine.ITypeConverter<Transport> {
        @Override
        public Transport convert(String value) {
            try {
                return Transport.ofName(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    @Override
    public String toString() {
        return transport().wireName();
    }
}
