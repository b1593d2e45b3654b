package dev.parley.benchmarks.load;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The load generator: {@code java -cp benchmarks.jar dev.parley.benchmarks.load.LoadMain <scenario>
 * [options]}, where the scenario is {@code echo}, {@code latency}, {@code connect}, {@code idle},
 * {@code broadcast}, {@code push} or {@code chat}. See the module's README for the options and the figures.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Load generator for Parley: raw WebSocket or Socket.IO, over many connections.",
        subcommands = {EchoScenario.class, LatencyScenario.class, ConnectScenario.class, IdleScenario.class,
                BroadcastScenario.class, PushScenario.class, ChatScenario.class})
public final class LoadMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadMain()).execute(args));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Name a scenario: echo, latency, connect, idle, broadcast, push or chat");
    }
}
