package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The start-up switch Main sets before Netty loads: Netty's JFR events off unless the operator asked. */
class MainStartupTest {
    private String before;

    @BeforeEach
    void remember() {
        before = System.getProperty(Main.NETTY_JFR_PROPERTY);
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(Main.NETTY_JFR_PROPERTY);
        } else {
            System.setProperty(Main.NETTY_JFR_PROPERTY, before);
        }
    }

    @Test
    void nettyJfrEventsAreOffByDefault() {
        System.clearProperty(Main.NETTY_JFR_PROPERTY);
        Main.turnOffNettyJfrEventsUnlessAsked();
        assertThat(System.getProperty(Main.NETTY_JFR_PROPERTY)).isEqualTo("false");
    }

    @Test
    void anOperatorsChoiceIsKept() {
        System.setProperty(Main.NETTY_JFR_PROPERTY, "true");
        Main.turnOffNettyJfrEventsUnlessAsked();
        assertThat(System.getProperty(Main.NETTY_JFR_PROPERTY)).isEqualTo("true");
    }
}
