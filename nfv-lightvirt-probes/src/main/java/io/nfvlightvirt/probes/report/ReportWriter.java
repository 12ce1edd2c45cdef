package io.nfvlightvirt.probes.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes a {@link BenchmarkReport} as {@code results.json}, {@code results.csv} and
 * {@code REPORT.md}. Every missing figure is written with the reason from {@link ResultRow#notes()}.
 */
public final class ReportWriter {
    /** File name of the JSON results. */
    public static final String JSON = "results.json";
    /** File name of the CSV results. */
    public static final String CSV = "results.csv";
    /** File name of the Markdown report. */
    public static final String MARKDOWN = "REPORT.md";

    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * @param report the report
     * @param dir the output directory (created if missing)
     * @param charts PNG file names in {@code dir} to show in the Markdown, in order (may be empty)
     * @return the files written
     * @throws IOException when a file cannot be written
     */
    public List<Path> writeAll(BenchmarkReport report, Path dir, List<String> charts) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        written.add(write(dir.resolve(JSON), json(report)));
        written.add(write(dir.resolve(CSV), csv(report)));
        written.add(write(dir.resolve(MARKDOWN), markdown(report, charts)));
        return written;
    }

    private static Path write(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        return Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * @param report the report
     * @return the JSON text: {@code host}, {@code settings}, {@code results} (one object per row with
     *     {@code backend, guestKind, accelerator, bootMs{n,min,median,p95,max}, txGbps, rxGbps,
     *     rttMs{min,avg,max,mdev}, imageMB, memoryMB, draft, notes}), {@code draft}
     */
    public String json(BenchmarkReport report) {
        ObjectNode root = mapper.createObjectNode();
        root.put("generator", "nfv-lightvirt");
        root.put("startedAt", report.startedAt().toString());
        root.put("finishedAt", report.finishedAt().toString());
        root.set("host", mapper.valueToTree(report.host().facts()));
        root.set("settings", mapper.valueToTree(report.settings()));
        ArrayNode results = root.putArray("results");
        for (ResultRow r : report.results()) {
            ObjectNode o = results.addObject();
            o.put("technology", r.technology());
            o.put("backend", r.backend());
            o.put("guestKind", r.guestKind());
            o.put("accelerator", r.accelerator());
            o.put("engine", r.engine());
            o.put("image", r.image());
            if (r.bootMs() != null) {
                ObjectNode b = o.putObject("bootMs");
                b.put("n", r.bootMs().n());
                b.put("min", round(r.bootMs().min()));
                b.put("median", round(r.bootMs().median()));
                b.put("p95", round(r.bootMs().p95()));
                b.put("max", round(r.bootMs().max()));
                ArrayNode s = b.putArray("samples");
                r.bootMs().samples().forEach(x -> s.add(round(x)));
            } else {
                o.putNull("bootMs");
            }
            putNumber(o, "txGbps", r.txGbps());
            putNumber(o, "rxGbps", r.rxGbps());
            o.put("throughputMode", r.throughputMode());
            if (r.rttMs() != null) {
                ObjectNode t = o.putObject("rttMs");
                t.put("n", r.rttMs().n());
                t.put("min", round(r.rttMs().min()));
                t.put("avg", round(r.rttMs().avg()));
                t.put("max", round(r.rttMs().max()));
                t.put("mdev", round(r.rttMs().mdev()));
                t.put("lossPercent", round(r.rttMs().lossPercent()));
            } else {
                o.putNull("rttMs");
            }
            putNumber(o, "imageMB", r.imageMB());
            putNumber(o, "memoryMB", r.memoryMB());
            o.set("draft", r.draft() == null ? null : mapper.valueToTree(r.draft()));
            o.set("notes", mapper.valueToTree(r.notes()));
        }
        ObjectNode d = root.putObject("draft");
        d.put("source", report.draftSource());
        d.set("rows", mapper.valueToTree(report.draftRows()));
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise the report", e);
        }
    }

    private static void putNumber(ObjectNode o, String name, Double v) {
        if (v == null) {
            o.putNull(name);
        } else {
            o.put(name, round(v));
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    /**
     * @param report the report
     * @return one CSV line per row, with a header; empty cells for missing figures and the reasons
     *     in the {@code notes} column
     */
    public String csv(BenchmarkReport report) {
        StringBuilder sb = new StringBuilder();
        sb.append("technology,backend,guestKind,accelerator,boot_n,boot_min_ms,boot_median_ms,boot_p95_ms,boot_max_ms,"
                + "tx_gbps,rx_gbps,throughput_mode,rtt_min_ms,rtt_avg_ms,rtt_max_ms,rtt_mdev_ms,image_mb,memory_mb,"
                + "draft_technology,draft_boot_ms,draft_tx_gbps,draft_rx_gbps,draft_rtt_ms,draft_image_mb,draft_memory_mb,notes\n");
        for (ResultRow r : report.results()) {
            List<String> c = new ArrayList<>();
            c.add(r.technology());
            c.add(r.backend());
            c.add(r.guestKind());
            c.add(r.accelerator());
            Summary b = r.bootMs();
            c.add(b == null ? "" : String.valueOf(b.n()));
            c.add(b == null ? "" : num(b.min()));
            c.add(b == null ? "" : num(b.median()));
            c.add(b == null ? "" : num(b.p95()));
            c.add(b == null ? "" : num(b.max()));
            c.add(num(r.txGbps()));
            c.add(num(r.rxGbps()));
            c.add(nz(r.throughputMode()));
            RttFigures t = r.rttMs();
            c.add(t == null ? "" : num(t.min()));
            c.add(t == null ? "" : num(t.avg()));
            c.add(t == null ? "" : num(t.max()));
            c.add(t == null ? "" : num(t.mdev()));
            c.add(num(r.imageMB()));
            c.add(num(r.memoryMB()));
            DraftRow d = r.draft();
            c.add(d == null ? "" : d.technology());
            c.add(d == null ? "" : num(d.bootMs()));
            c.add(d == null ? "" : num(d.txGbps()));
            c.add(d == null ? "" : num(d.rxGbps()));
            c.add(d == null ? "" : num(d.rttMs()));
            c.add(d == null ? "" : num(d.imageMB()));
            c.add(d == null ? "" : num(d.memoryMB()));
            StringBuilder notes = new StringBuilder();
            r.notes().forEach((k, v) -> notes.append(notes.length() == 0 ? "" : "; ").append(k).append(": ").append(v));
            c.add(notes.toString());
            sb.append(String.join(",", c.stream().map(ReportWriter::csvCell).toList())).append('\n');
        }
        return sb.toString();
    }

    private static String csvCell(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static String num(Double v) {
        return v == null ? "" : num(v.doubleValue());
    }

    private static String num(double v) {
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (Math.abs(v) >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /**
     * @param report the report
     * @param charts PNG file names to embed
     * @return the Markdown report: host facts, then one table per draft section with this host's
     *     figure beside the draft's, then notes
     */
    public String markdown(BenchmarkReport report, List<String> charts) {
        StringBuilder md = new StringBuilder();
        md.append("# nfv-lightvirt: draft-natarajan-nfvrg-containers-for-nfv-03, section 4, on this host\n\n");
        md.append("Measured ").append(report.startedAt()).append(" to ").append(report.finishedAt())
                .append(". Every figure below was measured in this run; the draft's figures are quoted from ")
                .append(report.draftSource()).append(".\n\n");
        md.append("## Host\n\n| fact | value |\n|---|---|\n");
        report.host().facts().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(escape(v)).append(" |\n"));
        md.append("\n## Settings\n\n| setting | value |\n|---|---|\n");
        report.settings().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(escape(v)).append(" |\n"));
        md.append("\n## What ran\n\n| technology | backend | guest | accelerator | engine | image |\n|---|---|---|---|---|---|\n");
        for (ResultRow r : report.results()) {
            md.append("| ").append(r.technology()).append(" | ").append(r.backend()).append(" | ").append(r.guestKind())
                    .append(" | ").append(r.accelerator()).append(" | ").append(escape(nz(r.engine()))).append(" | ")
                    .append(escape(nz(r.image()))).append(" |\n");
        }
        section(md, report, "4.2 Instantiation time (ms, create until the first RST/SYN-ACK to a SYN)", "bootMs",
                "The draft floods SYNs from an external server; here the probe sends them from this host on the guest's"
                + " own link (bridge, tap or veth) every few ms and takes the answer's capture timestamp.",
                r -> r.bootMs() == null ? null : String.format(Locale.ROOT, "median %s (min %s, p95 %s, max %s, n=%d)",
                        num(r.bootMs().median()), num(r.bootMs().min()), num(r.bootMs().p95()), num(r.bootMs().max()),
                        r.bootMs().n()),
                DraftRow::bootMs);
        section(md, report, "4.3 Throughput Tx (Gbit/s, host to guest)", "txGbps",
                "As in the draft: TCP between the guest and its host, no NIC involved; iperf3 where the guest has it,"
                + " else plain TCP to its discard service (the mode is named in each cell). Memory, throughput and RTT"
                + " are taken once the guest is idle after its boot (its CPU under 10 %, at most 30 s; 'settle' in the row's notes).",
                r -> r.txGbps() == null ? null : num(r.txGbps()) + " (" + nz(r.throughputMode()) + ")", DraftRow::txGbps);
        section(md, report, "4.3 Throughput Rx (Gbit/s, guest to host)", "rxGbps",
                "iperf3 in reverse mode, or plain TCP read from the guest's chargen service.",
                r -> r.rxGbps() == null ? null : num(r.rxGbps()) + " (" + nz(r.throughputMode()) + ")", DraftRow::rxGbps);
        section(md, report, "4.4 RTT under a ping flood (ms)", "rttMs",
                "The draft pings from an external server across a physical network; here the flood goes from this host"
                + " over the guest's own link, with no NIC or switch, so this host's figures are far below the draft's:"
                + " compare the rows with each other, not with the draft's absolute numbers.",
                r -> r.rttMs() == null ? null : String.format(Locale.ROOT, "avg %s (min %s, max %s, mdev %s, n=%d, loss %s%%)",
                        num(r.rttMs().avg()), num(r.rttMs().min()), num(r.rttMs().max()), num(r.rttMs().mdev()),
                        r.rttMs().n(), num(r.rttMs().lossPercent())),
                DraftRow::rttMs);
        section(md, report, "4.5 Image size (MB)", "imageMB", "The draft uses ls; here the engine's image size (Docker),"
                + " or the size of the files the guest boots: kernel + initramfs (Tinyx, unikernel), the qcow2 disk file"
                + " (standard VM).", r -> r.imageMB() == null ? null : num(r.imageMB()),
                DraftRow::imageMB);
        section(md, report, "4.6 Memory usage (MB)", "memoryMB", "The draft uses top and xl; here the container's cgroup,"
                + " or the guest's memory as libvirt or the QEMU process reports it (the source is in each row's notes)."
                + " Under TCG (no /dev/kvm) the QEMU process also holds its cache of translated guest code, so a guest's"
                + " resident memory can exceed the memory it was given.",
                r -> r.memoryMB() == null ? null : num(r.memoryMB()), DraftRow::memoryMB);
        List<String> unmatched = new ArrayList<>();
        for (DraftRow d : report.draftRows()) {
            boolean ours = report.results().stream().anyMatch(r -> r.draft() != null && r.draft().technology().equals(d.technology()));
            if (!ours) {
                unmatched.add(d.technology());
            }
        }
        if (!unmatched.isEmpty()) {
            md.append("\nDraft rows with no row of ours in this run (backend not requested or not usable here): ")
                    .append(String.join(", ", unmatched)).append(".\n");
        }
        if (!charts.isEmpty()) {
            md.append("\n## Charts\n\n");
            for (String c : charts) {
                md.append("![").append(c).append("](").append(c).append(")\n\n");
            }
        }
        md.append("\n## Notes per row\n\n");
        for (ResultRow r : report.results()) {
            if (r.notes().isEmpty()) {
                continue;
            }
            md.append("- **").append(r.technology()).append("**\n");
            for (Map.Entry<String, String> e : r.notes().entrySet()) {
                md.append("  - ").append(e.getKey()).append(": ").append(escape(e.getValue())).append('\n');
            }
        }
        return md.toString();
    }

    private static void section(StringBuilder md, BenchmarkReport report, String title, String field, String method,
            Function<ResultRow, String> ours, java.util.function.ToDoubleFunction<DraftRow> draft) {
        md.append("\n## ").append(title).append("\n\n").append(method)
                .append("\n\n| technology | this host | draft |\n|---|---|---|\n");
        for (ResultRow r : report.results()) {
            String v = ours.apply(r);
            if (v == null) {
                v = "— " + r.notes().getOrDefault(field, "not measured (no reason recorded)");
            }
            md.append("| ").append(r.technology()).append(" (").append(r.accelerator()).append(") | ").append(escape(v))
                    .append(" | ").append(r.draft() == null ? "— (no such row in the draft)" : num(draft.applyAsDouble(r.draft()))
                            + (r.draft().technology().equalsIgnoreCase(r.technology()) ? "" : " (" + r.draft().technology() + ")"))
                    .append(" |\n");
        }
    }

    private static String escape(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
