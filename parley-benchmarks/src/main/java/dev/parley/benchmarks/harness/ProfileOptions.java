package dev.parley.benchmarks.harness;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The profiling pass: which scenarios' Java servers run once more with a flight recording. */
final class ProfileOptions {
    @Option(names = "--profile", split = ",", paramLabel = "SCENARIO",
            description = "After every measured run, run each Java server of these scenarios (among --scenarios) once "
                    + "more per setting with a flight recording (-XX:StartFlightRecording, settings profile) and write "
                    + "a summary of each beside the report (profiles/RUN.md: top " + JfrSummary.TOP + " hot methods, "
                    + "self and total; allocation by class; GC pauses), linked from the report and from its targets "
                    + "table. The profiled runs' figures are not in the tables (profiling perturbs). E.g. s4,s5,s6.")
    List<String> scenarios = new ArrayList<>();

    boolean wants(HarnessScenario scenario) {
        return scenarios.stream().anyMatch(s -> s.equalsIgnoreCase(scenario.id()));
    }

    boolean any() {
        return !scenarios.isEmpty();
    }
}
