package io.nfvlightvirt.probes.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nfvlightvirt.probes.internal.Command;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The stock tools our figures are compared with: {@code ping -f} and the {@code iperf3} client. */
final class GroundTruthTools {
    private static final Pattern RTT = Pattern.compile(
            "rtt min/avg/max/mdev = ([\\d.]+)/([\\d.]+)/([\\d.]+)/([\\d.]+) ms");
    private static final Pattern COUNTS = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");

    private GroundTruthTools() {}

    /**
     * What ping printed.
     *
     * @param transmitted requests
     * @param received replies
     * @param minMs min
     * @param avgMs average
     * @param maxMs max
     * @param mdevMs mdev
     */
    record Ping(int transmitted, int received, double minMs, double avgMs, double maxMs, double mdevMs) {}

    /**
     * @param ip the guest
     * @param count requests
     * @return {@code ping -f -c count -q ip}'s summary
     */
    static Ping pingFlood(String ip, int count) {
        String out = Command.run(Duration.ofSeconds(120), "ping", "-f", "-q", "-c", String.valueOf(count), ip);
        Matcher r = RTT.matcher(out);
        Matcher c = COUNTS.matcher(out);
        if (!r.find() || !c.find()) {
            throw new IllegalStateException("cannot read ping's summary: " + out);
        }
        return new Ping(Integer.parseInt(c.group(1)), Integer.parseInt(c.group(2)), Double.parseDouble(r.group(1)),
                Double.parseDouble(r.group(2)), Double.parseDouble(r.group(3)), Double.parseDouble(r.group(4)));
    }

    private static final Pattern DD = Pattern.compile("(\\d+) bytes .* copied, ([\\d.]+) s");

    /**
     * An independent plain-TCP figure from stock tools: {@code busybox nc} to the guest's chargen
     * port piped into {@code dd}, whose statistics give bytes and time.
     *
     * @return Gbit/s that dd read from the chargen peer in about {@code seconds}
     */
    static double ddFromChargenGbps(String ip, int port, int seconds) {
        return dd("timeout -s INT " + seconds + " busybox nc " + ip + " " + port + " | dd of=/dev/null bs=128k",
                seconds);
    }

    /**
     * An independent plain-TCP figure from stock tools: {@code dd} from /dev/zero piped into
     * {@code busybox nc} to the guest's discard port, interrupted after {@code seconds}. dd counts
     * what it wrote into the pipe, so the figure runs a little high (pipe and socket buffers).
     *
     * @return Gbit/s dd wrote towards the discard peer
     */
    static double ddToDiscardGbps(String ip, int port, int seconds) {
        return dd("(timeout -s INT " + seconds + " dd if=/dev/zero bs=128k; true) | busybox nc " + ip + " " + port,
                seconds);
    }

    private static final Pattern DD_RECORDS_OUT = Pattern.compile("(\\d+)\\+(\\d+) records out");

    private static final int DD_ATTEMPTS = 3;

    /**
     * Runs the pipeline with SIGPIPE ignored, so that dd, when nc goes away early (seen in CI: the
     * lwIP guest reset the connection under TCG right after the meter's own run), reports its
     * figures with "Broken pipe" instead of dying silently. Such a run was cut short and is not a
     * figure: it is retried, up to {@value #DD_ATTEMPTS} times, and every attempt's output is in the
     * error when none gave one.
     */
    private static double dd(String pipeline, int seconds) {
        StringBuilder attempts = new StringBuilder();
        for (int attempt = 1; attempt <= DD_ATTEMPTS; attempt++) {
            Command.Result r = Command.exec(Duration.ofSeconds(seconds + 60L), "bash", "-c",
                    "trap '' PIPE; " + pipeline);
            String err = r.stderr();
            Double gbps = err.contains("Broken pipe") || err.contains("Connection reset") ? null : ddFigure(err, pipeline,
                    seconds);
            if (gbps != null) {
                return gbps;
            }
            attempts.append(String.format("%n  attempt %d (exit %d): %s", attempt, r.exitCode(), err.strip()));
            System.out.printf("GROUND-TRUTH dd|nc attempt %d gave no figure, %s%n", attempt,
                    attempt < DD_ATTEMPTS ? "retrying" : "giving up");
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException("no dd statistics from '" + pipeline + "' in " + DD_ATTEMPTS + " attempts:"
                + attempts);
    }

    private static Double ddFigure(String stderr, String pipeline, int seconds) {
        Matcher m = DD.matcher(stderr);
        if (m.find()) {
            return Long.parseLong(m.group(1)) * 8.0 / Double.parseDouble(m.group(2)) / 1e9;
        }
        // dd interrupted by SIGINT sometimes prints only its record counts: full 128 KiB records of
        // /dev/zero over the time the timeout let it run
        Matcher rec = DD_RECORDS_OUT.matcher(stderr);
        if (rec.find() && pipeline.contains("if=/dev/zero")) {
            return Long.parseLong(rec.group(1)) * 131072 * 8.0 / seconds / 1e9;
        }
        return null;
    }

    /**
     * @param ip the guest running {@code iperf3 -s}
     * @param seconds test length
     * @param reverse {@code -R}: guest to host
     * @return the stock client's receiver figure in Gbit/s ({@code end.sum_received.bits_per_second})
     */
    static double iperf3Gbps(String ip, int seconds, boolean reverse) throws Exception {
        String out = reverse
                ? Command.run(Duration.ofSeconds(seconds + 60L), "iperf3", "-c", ip, "-t", String.valueOf(seconds),
                        "-J", "-R")
                : Command.run(Duration.ofSeconds(seconds + 60L), "iperf3", "-c", ip, "-t", String.valueOf(seconds),
                        "-J");
        JsonNode j = new ObjectMapper().readTree(out);
        if (j.has("error")) {
            throw new IllegalStateException("iperf3 client failed: " + j.get("error").asText());
        }
        return j.path("end").path("sum_received").path("bits_per_second").asDouble() / 1e9;
    }
}
