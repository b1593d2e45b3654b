package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.ConsoleAppender;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * The logging that replaced logback.xml: the same text appender on stderr at INFO, found by Logback as a
 * service, and out of the way when an operator names a configuration file. (LogFormatProcessIT checks the lines
 * of a real process.)
 */
class ConsoleLogConfiguratorTest {

    @Test
    void setsUpTheTextConsoleAtInfoAndStopsLogbackLookingForXml() {
        LoggerContext context = new LoggerContext();
        ConsoleLogConfigurator configurator = new ConsoleLogConfigurator();
        configurator.setContext(context);

        assertThat(configurator.configure(context)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        assertThat(root.getAppender(ConsoleLogConfigurator.APPENDER))
                .isInstanceOfSatisfying(ConsoleAppender.class, appender -> {
                    ConsoleAppender<ILoggingEvent> console = appender;
                    assertThat(console.isStarted()).isTrue();
                    assertThat(console.getTarget()).isEqualTo("System.err");
                    assertThat(((PatternLayoutEncoder) console.getEncoder()).getPattern())
                            .isEqualTo("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} [%thread] %level %logger - %msg%n");
                });
        context.stop();
    }

    @Test
    void stepsAsideForAConfigurationFileNamedOnTheCommandLine() {
        LoggerContext context = new LoggerContext();
        ConsoleLogConfigurator configurator = new ConsoleLogConfigurator();
        configurator.setContext(context);
        String before = System.getProperty(ContextInitializer.CONFIG_FILE_PROPERTY);
        System.setProperty(ContextInitializer.CONFIG_FILE_PROPERTY, "operator-logback.xml");
        try {
            assertThat(configurator.configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
            assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
        } finally {
            if (before == null) {
                System.clearProperty(ContextInitializer.CONFIG_FILE_PROPERTY);
            } else {
                System.setProperty(ContextInitializer.CONFIG_FILE_PROPERTY, before);
            }
            context.stop();
        }
    }

    @Test
    void isRegisteredAsALogbackConfiguratorService() {
        assertThat(ServiceLoader.load(ch.qos.logback.classic.spi.Configurator.class).stream()
                .map(ServiceLoader.Provider::type))
                .contains(ConsoleLogConfigurator.class);
    }
}
