package dev.parley.benchmarks.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** PNG bar charts of the medians: one per scenario and charted figure, variants on the axis, a bar per server. */
final class Charts {
    private Charts() {
    }

    /** Writes the chart and returns its file name, or null when nothing was measured. */
    static String write(Path dir, HarnessScenario scenario, Figure figure, List<Variant> variants, Results results,
            List<ServerKind> servers) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(900).height(420)
                .title(scenario.id() + " " + scenario.title() + ": " + figure.label() + " (median)")
                .xAxisTitle("").yAxisTitle(figure.label()).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setLabelsVisible(false);
        chart.getStyler().setYAxisDecimalPattern("#,###.#");
        boolean any = false;
        for (ServerKind server : servers) {
            List<String> labels = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (Variant variant : variants) {
                Stats stats = results.stats(scenario.id(), variant.label(), server, figure.key());
                labels.add(variant.label());
                values.add(stats.count() == 0 ? 0.0 : stats.median());
            }
            if (values.stream().anyMatch(v -> v > 0)) {
                chart.addSeries(server.label, labels, values);
                any = true;
            }
        }
        if (!any) {
            return null;
        }
        String name = scenario.id().toLowerCase(java.util.Locale.ROOT) + "-" + figure.key() + ".png";
        BitmapEncoder.saveBitmap(chart, dir.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
        return name;
    }
}
