package dev.parley.benchmarks.load;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * S3, connection rate: M connections opened as fast as the concurrency cap allows, each closed (close
 * handshake) as soon as it is ready; reports handshakes per second, time to ready and failures.
 */
@Command(name = "connect", mixinStandardHelpOptions = true, sortOptions = false,
        description = "S3: M connects as fast as possible with --concurrency of them at once; each is closed when ready.")
final class ConnectScenario extends Scenario {
    @Option(names = {"-m", "--connects"}, defaultValue = "1000",
            description = "Connections to open (and close). Default: ${DEFAULT-VALUE}")
    int connects;

    @Override
    void validate() {
        requirePositive("--connects", connects);
    }

    @Override
    int run(LoadClient client, Map<String, Object> settings, Report report) throws Exception {
        settings.put("connects", connects);
        settings.put("concurrency", client.config().concurrency());
        settings.put("connectTimeoutSeconds", seconds(client.config().connectTimeout()));
        CpuMeter.Sample from = cpu.sample();
        ConnectionOpener.Result result = ConnectionOpener.open(client.connector(), connects,
                client.config().concurrency(), true);
        CpuMeter.Sample to = cpu.sample();
        report.section("results").putAll(result.figures());
        putCpu(report, "cpu", from, to);
        if (result.failed() > 0) {
            report.warn(result.failed() + " of " + connects + " connects failed");
        }
        report.section("close").put("reasons", closeAll(result.ready(), client.config().closeTimeout()));
        return result.ready().isEmpty() ? 1 : 0;
    }
}
