package dev.parley.app;

import dev.parley.push.feeds.FeedSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a feed as {@code --feed} and each line of {@code --feeds-file} give it: {@code NAME=URL}, then
 * optionally {@code ,every=DURATION} (as {@link DurationConverter} reads it; default 30 s). The URL may hold
 * commas: only a last part {@code ,every=...} is taken as the option (a URL ending so would write its comma
 * {@code %2C}).
 */
public final class FeedSpecParser implements ITypeConverter<FeedSpec> {
    private static final Pattern EVERY = Pattern.compile(",\\s*every\\s*=\\s*([^,]*)$");

    @Override
    public FeedSpec convert(String value) {
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** The feed {@code value} describes; an {@link IllegalArgumentException} says what is wrong with it. */
    static FeedSpec parse(String value) {
        String text = value.strip();
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("'" + value + "' is not NAME=URL[,every=30s]");
        }
        String name = text.substring(0, eq).strip();
        String rest = text.substring(eq + 1).strip();
        Duration every = FeedSpec.DEFAULT_EVERY;
        Matcher option = EVERY.matcher(rest);
        if (option.find()) {
            try {
                every = new DurationConverter().convert(option.group(1).strip());
            } catch (TypeConversionException e) {
                throw new IllegalArgumentException("feed " + name + ": every=" + option.group(1)
                        + " is not a duration (examples: 30s, 5m)");
            }
            rest = rest.substring(0, option.start()).strip();
        }
        try {
            return new FeedSpec(name, new URI(rest), every);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("feed " + name + ": '" + rest + "' is not a URL (" + e.getReason() + ")");
        }
    }
}
