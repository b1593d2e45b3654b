package dev.parley.app;

import picocli.CommandLine.Option;

/** {@code --log-format}, mixed into {@code parley serve}. */
final class LogOptions {
    @Option(names = "--log-format", defaultValue = "${env:PARLEY_LOG_FORMAT:-text}",
            description = "Logs on stderr as text lines, or json: one JSON object a line (timestamp, level, logger, "
                    + "thread, message, exception) for log shippers (env PARLEY_LOG_FORMAT). Default: ${DEFAULT-VALUE}")
    LogFormat format;
}
