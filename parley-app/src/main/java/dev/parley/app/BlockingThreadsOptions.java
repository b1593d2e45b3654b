package dev.parley.app;

import dev.parley.server.ServerConfig;
import picocli.CommandLine.Option;

/** {@code --blocking-threads}, mixed into {@code parley serve}: the bound on threads of blocking HTTP work. */
final class BlockingThreadsOptions {
    @Option(names = "--blocking-threads", defaultValue = "${env:PARLEY_BLOCKING_THREADS:-"
            + ServerConfig.DEFAULT_BLOCKING_THREADS + "}",
            description = "Most threads running blocking HTTP work at once (application routes such as the chat's "
                    + "uploads and the push API, their token checks, static files); more requests wait in order "
                    + "(env PARLEY_BLOCKING_THREADS). Default: ${DEFAULT-VALUE}")
    int blockingThreads;
}
