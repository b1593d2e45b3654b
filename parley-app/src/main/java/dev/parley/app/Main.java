package dev.parley.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code parley} command line. */
@Command(name = "parley", mixinStandardHelpOptions = true, version = "Parley 0.1.0",
        description = "A real-time messaging server for the JVM.",
        subcommands = {ServeCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static void main(String[] args) {
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

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
