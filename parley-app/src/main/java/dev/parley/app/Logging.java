package dev.parley.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/** Applies {@code --log-format} to the console appender that {@link ConsoleLogConfigurator} defines. */
final class Logging {
    private static final String APPENDER = ConsoleLogConfigurator.APPENDER;

    private Logging() {
    }

    /**
     * Switches the console to JSON lines for {@link LogFormat#json}; text is left as it is. Does
     * nothing when Logback is not the SLF4J binding (an embedding application chose another).
     */
    static void apply(LogFormat format) {
        if (format != LogFormat.json) {
            return;
        }
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            return;
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (!(root.getAppender(APPENDER) instanceof ConsoleAppender<ILoggingEvent> console)) {
            return;
        }
        JsonLogEncoder encoder = new JsonLogEncoder();
        encoder.setContext(context);
        encoder.start();
        console.stop();
        console.setEncoder(encoder);
        console.start();
    }
}
