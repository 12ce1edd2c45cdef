package io.nfvlightvirt.examples;

import io.nfvlightvirt.probes.report.BenchmarkReport;
import io.nfvlightvirt.probes.report.DraftRow;
import io.nfvlightvirt.probes.report.ResultRow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Draws the report's PNG charts with XChart: one grouped bar chart per measurement, this host
 * beside the draft, log scale where values span orders of magnitude (boot time, image size,
 * memory, RTT). A row without a figure is left out of that chart (the Markdown says why).
 */
final class ChartWriter {

    private ChartWriter() {}

    static List<String> writeAll(BenchmarkReport report, Path dir) throws IOException {
        List<String> files = new ArrayList<>();
        add(files, chart(report, dir, "boot-time.png", "Instantiation time (create to first RST)", "milliseconds (log scale)",
                true, r -> r.bootMs() == null ? null : r.bootMs().median(), DraftRow::bootMs));
        add(files, chart(report, dir, "throughput-tx.png", "TCP throughput Tx (host to guest)", "Gbit/s", false,
                ResultRow::txGbps, DraftRow::txGbps));
        add(files, chart(report, dir, "throughput-rx.png", "TCP throughput Rx (guest to host)", "Gbit/s", false,
                ResultRow::rxGbps, DraftRow::rxGbps));
        add(files, chart(report, dir, "rtt.png", "RTT under ping flood (average)", "milliseconds (log scale)", true,
                r -> r.rttMs() == null ? null : r.rttMs().avg(), DraftRow::rttMs));
        add(files, chart(report, dir, "image-size.png", "Image size", "MB (log scale)", true, ResultRow::imageMB,
                DraftRow::imageMB));
        add(files, chart(report, dir, "memory.png", "Memory usage", "MB (log scale)", true, ResultRow::memoryMB,
                DraftRow::memoryMB));
        return files;
    }

    private static void add(List<String> files, String f) {
        if (f != null) {
            files.add(f);
        }
    }

    /**
     * Bar labels with whole numbers from 1000 up (14,103 ms) and {@code digits} significant digits
     * below (801.8 ms, 0.4391 MB); the JSON has the full figures.
     */
    static double significant(double v, int digits) {
        if (v == 0 || !Double.isFinite(v)) {
            return v;
        }
        if (Math.abs(v) >= 1000) {
            return Math.rint(v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(digits)).doubleValue();
    }

    private static String chart(BenchmarkReport report, Path dir, String file, String title, String yTitle, boolean log,
            Function<ResultRow, Double> ours, ToDoubleFunction<DraftRow> draft) throws IOException {
        List<String> labels = new ArrayList<>();
        List<Double> host = new ArrayList<>();
        List<Double> paper = new ArrayList<>();
        for (ResultRow r : report.results()) {
            Double v = ours.apply(r);
            if (v == null || (log && v <= 0)) {
                continue;
            }
            labels.add(r.technology() + " (" + r.accelerator() + ")");
            host.add(significant(v, 4));
            paper.add(r.draft() == null ? 0.0 : draft.applyAsDouble(r.draft()));
        }
        if (labels.isEmpty()) {
            return null;
        }
        CategoryChart chart = new CategoryChartBuilder().width(1000).height(560).title(title)
                .xAxisTitle("technology (accelerator on this host)").yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setYAxisLogarithmic(log);
        chart.getStyler().setXAxisLabelRotation(15);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsFontColorAutomaticEnabled(false);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setDecimalPattern("#,##0.####");
        // A bar chart's axis starts at 0 unless told otherwise, which a log axis cannot show: start it at
        // the power of ten below the smallest value, and give rows the draft lacks an empty bar there.
        double floor = 0;
        if (log) {
            double smallest = java.util.stream.Stream.concat(host.stream(), paper.stream()).filter(v -> v > 0)
                    .mapToDouble(Double::doubleValue).min().orElse(1);
            floor = Math.pow(10, Math.floor(Math.log10(smallest)));
            chart.getStyler().setYAxisMin(floor);
        }
        chart.addSeries("this host", labels, host);
        if (paper.stream().anyMatch(p -> p > 0)) {
            double empty = floor;
            chart.addSeries("draft (2016 test bed)", labels, paper.stream().map(p -> p > 0 ? p : empty).toList());
        }
        Path out = dir.resolve(file);
        BitmapEncoder.saveBitmap(chart, out.toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }
}
