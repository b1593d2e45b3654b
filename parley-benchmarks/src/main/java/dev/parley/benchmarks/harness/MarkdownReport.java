package dev.parley.benchmarks.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Writes the harness's results as Markdown (tables of medians and spreads, ratios Parley/peer, charts). */
final class MarkdownReport {
    private final StringBuilder out = new StringBuilder();

    private MarkdownReport() {
    }

    static void write(Path file, String header, List<HarnessScenario> scenarios, HarnessSettings settings,
            Results results, List<ServerKind> servers, Path chartDir) throws IOException {
        write(file, header, scenarios, settings, results, servers, chartDir, Profiles.none());
    }

    /** With the targets table first and, when the run profiled, links to the profiles. */
    static void write(Path file, String header, List<HarnessScenario> scenarios, HarnessSettings settings,
            Results results, List<ServerKind> servers, Path chartDir, Profiles profiles) throws IOException {
        MarkdownReport report = new MarkdownReport();
        report.out.append(header);
        report.targets(Targets.judge(results), profiles, file.toAbsolutePath().getParent());
        for (HarnessScenario scenario : scenarios) {
            report.scenario(scenario, settings, results, servers, chartDir, file.toAbsolutePath().getParent());
        }
        report.profiles(profiles, file.toAbsolutePath().getParent());
        Files.writeString(file, report.out.toString());
    }

    /** Issue 16's targets and the benchmark issue's, judged from the medians; omitted when none was measured. */
    void targets(List<Targets.Verdict> verdicts, Profiles profiles, Path docDir) {
        if (verdicts.stream().allMatch(v -> v.status() == Targets.Status.NOT_MEASURED)) {
            return;
        }
        out.append("\n## Targets (issue 16)\n\n")
                .append("Judged from this run's medians (ratios are ratios of medians). \"Open\": measured, but the run "
                        + "cannot decide (the setting does not reach what the target speaks of). Each row links the "
                        + "profile of its Parley server in the same setting when the run profiled it (`--profile`).\n\n")
                .append("| target | measured | verdict | profile |\n| --- | --- | --- | --- |\n");
        for (Targets.Verdict v : verdicts) {
            String link = profiles.link(v.scenario(), v.variant(), v.subject(), docDir);
            out.append("| ").append(v.target()).append(" | ").append(v.measured()).append(" | ")
                    .append(v.status().text).append(" | ")
                    .append(link == null ? "" : "[" + v.subject().name() + "](" + link + ")").append(" |\n");
        }
    }

    private void profiles(Profiles profiles, Path docDir) {
        List<String> lines = profiles.lines(docDir);
        if (!lines.isEmpty()) {
            out.append("\n## Profiles\n\n").append("One run of each Java server per setting, after the measured "
                    + "runs, with a flight recording (`-XX:StartFlightRecording`, settings `profile`); its figures are "
                    + "not in the tables above (profiling perturbs). Each summary gives the hot methods (execution "
                    + "samples, self and total), allocation by class and GC pauses.\n\n");
            lines.forEach(l -> out.append(l).append('\n'));
        }
    }

    private void scenario(HarnessScenario scenario, HarnessSettings settings, Results results,
            List<ServerKind> servers, Path chartDir, Path docDir) throws IOException {
        out.append("\n## ").append(scenario.id()).append(' ').append(scenario.title(settings)).append("\n\n");
        out.append(scenario.method(settings)).append("\n");
        List<Variant> variants = scenario.variants(settings);
        for (Variant variant : variants) {
            List<ServerKind> ran = servers.stream()
                    .filter(s -> results.servers(scenario.id(), variant.label()).contains(s)).toList();
            if (ran.isEmpty()) {
                continue;
            }
            out.append("\n### ").append(variant.label()).append("\n\n");
            table(scenario, variant, results, ran);
            ratios(scenario, variant, results, ran);
            for (ServerKind server : ran) {
                for (String warning : results.warnings(scenario.id(), variant.label(), server)) {
                    out.append("- ").append(server.label).append(", ").append(warning).append('\n');
                }
            }
        }
        out.append(scenario.summary(settings, results, servers));
        for (Figure figure : scenario.figures()) {
            if (figure.chart()) {
                String name = Charts.write(chartDir, scenario, figure, variants, results, servers);
                if (name != null) {
                    String rel = docDir.relativize(chartDir.resolve(name)).toString();
                    out.append("\n![").append(scenario.id()).append(' ').append(figure.label()).append("](")
                            .append(rel).append(")\n");
                }
            }
        }
    }

    private void table(HarnessScenario scenario, Variant variant, Results results, List<ServerKind> ran) {
        List<Figure> figures = present(scenario, variant, results, ran);
        out.append("| server |");
        figures.forEach(f -> out.append(' ').append(f.label()).append(" |"));
        out.append("\n| --- |");
        figures.forEach(f -> out.append(" ---: |"));
        out.append('\n');
        for (ServerKind server : ran) {
            out.append("| ").append(server.isParley() ? "**" + server.label + "**" : server.label).append(" |");
            for (Figure f : figures) {
                Stats s = results.stats(scenario.id(), variant.label(), server, f.key());
                out.append(' ').append(s.count() == 0 ? "–" : number(s.median()) + (s.count() > 1
                        ? " <sub>" + number(s.min()) + "–" + number(s.max()) + "</sub>" : "")).append(" |");
            }
            out.append('\n');
        }
    }

    private void ratios(HarnessScenario scenario, Variant variant, Results results, List<ServerKind> ran) {
        List<Figure> figures = present(scenario, variant, results, ran);
        List<String> rows = new ArrayList<>();
        for (ServerKind parley : ran) {
            for (ServerKind peer : ran) {
                if (parley.isParley() && !peer.isParley() && parley.family == peer.family) {
                    rows.add(ratioRow(scenario, variant, results, figures, parley, peer));
                }
            }
        }
        if (!rows.isEmpty()) {
            out.append("\nRatio of medians, Parley over the peer (↑: higher is better, ↓: lower is better):\n\n| |");
            figures.forEach(f -> out.append(' ').append(f.label()).append(" |"));
            out.append("\n| --- |");
            figures.forEach(f -> out.append(" ---: |"));
            out.append('\n');
            rows.forEach(r -> out.append(r).append('\n'));
        }
        out.append('\n');
    }

    private static String ratioRow(HarnessScenario scenario, Variant variant, Results results, List<Figure> figures,
            ServerKind parley, ServerKind peer) {
        StringBuilder row = new StringBuilder("| " + parley.label + " ÷ " + peer.label + " |");
        for (Figure f : figures) {
            Stats mine = results.stats(scenario.id(), variant.label(), parley, f.key());
            Stats theirs = results.stats(scenario.id(), variant.label(), peer, f.key());
            boolean usable = mine.count() > 0 && theirs.count() > 0 && theirs.median() != 0;
            row.append(' ').append(usable ? String.format(Locale.ROOT, "%.2f", mine.median() / theirs.median())
                    + (f.higherIsBetter() ? " ↑" : " ↓") : "–").append(" |");
        }
        return row.toString();
    }

    private static List<Figure> present(HarnessScenario scenario, Variant variant, Results results,
            List<ServerKind> ran) {
        return scenario.figures().stream()
                .filter(f -> ran.stream().anyMatch(s -> results.stats(scenario.id(), variant.label(), s, f.key())
                        .count() > 0))
                .toList();
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
