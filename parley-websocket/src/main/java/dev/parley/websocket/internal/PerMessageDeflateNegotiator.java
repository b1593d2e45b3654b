package dev.parley.websocket.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Chooses which permessage-deflate offer to accept (RFC 7692 §5, §7.1): the first one, in the client's
 * order, whose parameters are all valid and can be honoured. An offer that cannot be honoured is declined,
 * not answered with other parameters: declining every offer leaves the connection uncompressed.
 *
 * <p>Every valid window size is accepted. {@code java.util.zip.Deflater} always uses a 32 KB window, so
 * when the client limits ours ({@code server_max_window_bits} below 15) we compress without
 * back-references (see {@link DeflateParameters#literalsOnly()}); the client's window can always be
 * accepted, since an inflater with a 32 KB window reads any smaller one.
 */
public final class PerMessageDeflateNegotiator {
    /** RFC 7692 §7. */
    public static final String EXTENSION_NAME = "permessage-deflate";

    private PerMessageDeflateNegotiator() {
    }

    /** Returns the accepted parameters, or null to decline every offer. */
    public static DeflateParameters negotiate(List<ExtensionOffer> offers) {
        for (ExtensionOffer offer : offers) {
            if (offer.name().equalsIgnoreCase(EXTENSION_NAME)) {
                DeflateParameters accepted = accept(offer);
                if (accepted != null) {
                    return accepted;
                }
            }
        }
        return null;
    }

    private static DeflateParameters accept(ExtensionOffer offer) {
        boolean serverNoContext = false;
        boolean clientNoContext = false;
        Integer serverMaxWindowBits = null;
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, String> parameter : offer.parameters()) {
            String name = parameter.getKey().toLowerCase(java.util.Locale.ROOT);
            String value = parameter.getValue();
            if (!seen.add(name)) {
                return null; // RFC 7692 §7: a parameter appears at most once
            }
            switch (name) {
                case "server_no_context_takeover" -> {
                    if (value != null) {
                        return null;
                    }
                    serverNoContext = true;
                }
                case "client_no_context_takeover" -> {
                    if (value != null) {
                        return null;
                    }
                    clientNoContext = true;
                }
                case "server_max_window_bits" -> {
                    serverMaxWindowBits = windowBits(value);
                    if (serverMaxWindowBits == null) {
                        return null;
                    }
                }
                case "client_max_window_bits" -> {
                    if (value != null && windowBits(value) == null) {
                        return null;
                    }
                }
                default -> {
                    return null; // RFC 7692 §7: decline an offer with an unknown parameter
                }
            }
        }
        StringJoiner response = new StringJoiner("; ");
        response.add(EXTENSION_NAME);
        if (serverNoContext) {
            response.add("server_no_context_takeover");
        }
        if (clientNoContext) {
            response.add("client_no_context_takeover");
        }
        if (serverMaxWindowBits != null) {
            response.add("server_max_window_bits=" + serverMaxWindowBits); // §7.1.2.1: MUST be echoed
        }
        int windowBits = serverMaxWindowBits != null ? serverMaxWindowBits : DeflateParameters.MAX_WINDOW_BITS;
        return new DeflateParameters(serverNoContext, clientNoContext, windowBits, response.toString());
    }

    /** RFC 7692 §7.1.2: a decimal 8-15 without leading zeros; null otherwise. */
    private static Integer windowBits(String value) {
        if (value == null || !value.matches("[1-9][0-9]?")) {
            return null;
        }
        int bits = Integer.parseInt(value);
        return bits >= 8 && bits <= 15 ? bits : null;
    }
}
