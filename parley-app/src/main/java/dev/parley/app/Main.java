package dev.parley.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code parley} command line. */
@Command(name = "parley", mixinStandardHelpOptions = true, version = "Parley 0.1.0",
        description = "A real-time messaging server for the JVM.",
        subcommands = {ServeCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Netty's switch for its JFR buffer events; {@code -Dio.netty.jfr.enabled=true} turns them back on. */
    static final String NETTY_JFR_PROPERTY = "io.netty.jfr.enabled";

    public static void main(String[] args) {
        turnOffNettyJfrEventsUnlessAsked();
        keepLettuceOnEpollUnlessAsked();
        CommandLine commandLine = new CommandLine(new Main());
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            // The top-level help lists every option of every command, so one look tells all.
            commandLine.usage(System.out);
            System.out.println();
            commandLine.getSubcommands().get("serve").usage(System.out);
            return;
        }
        int exit = commandLine.execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    /**
     * Netty's JFR allocator events start the JDK's Flight Recorder machinery (~100 classes, event handlers
     * generated on the first request): about 15 % of the CPU of a cold start to ready (docs/operations.md, "Cold
     * start"), for events that only a recording profiling Netty's allocator reads. Off unless the property is set.
     */
    static void turnOffNettyJfrEventsUnlessAsked() {
        if (System.getProperty(NETTY_JFR_PROPERTY) == null) {
            System.setProperty(NETTY_JFR_PROPERTY, "false");
        }
    }

    /** Lettuce's switch for its io_uring transport; {@code -Dio.lettuce.core.iouring=true} turns it back on. */
    static final String LETTUCE_IO_URING_PROPERTY = "io.lettuce.core.iouring";

    /**
     * The Redis client (Lettuce) chooses its transport by itself: where both epoll and io_uring load (the
     * server ships io_uring for {@code --transport io_uring}) it takes epoll anyway, with a warning at every
     * start. Telling it io_uring is off keeps the choice it makes and the log clean.
     */
    static void keepLettuceOnEpollUnlessAsked() {
        if (System.getProperty(LETTUCE_IO_URING_PROPERTY) == null) {
            System.setProperty(LETTUCE_IO_URING_PROPERTY, "false");
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
