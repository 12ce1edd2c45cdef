package io.nfvlightvirt.probes.calibration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nfvlightvirt.probes.boot.BootDetector;
import io.nfvlightvirt.probes.boot.BootResult;
import io.nfvlightvirt.probes.boot.BootWatch;
import io.nfvlightvirt.probes.rtt.RttMeter;
import io.nfvlightvirt.probes.rtt.RttResult;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark of the probes themselves, on a {@link VethRig} (a veth pair whose far end, in a
 * network namespace, is a bare Linux stack that answers at once). Prints text and then one JSON
 * object with the figures:
 *
 * <ul>
 *   <li><b>floor</b>: the lowest boot time the detector can resolve: a watch begun on a guest
 *       that is already up, begin to the first RST's capture (prepared capture), and the same with
 *       the capture opened inside the measurement ({@code start()} at create);
 *   <li><b>watched boot</b>: a guest whose stack comes up after a known delay (its address is
 *       added): how late the detector saw it after the address was there, and the detector's CPU
 *       time per boot and per second of watching (ThreadMXBean CPU time of its sender and capture
 *       threads plus the opening thread's);
 *   <li><b>rtt floor</b>: the RTT meter on the same rig, with its CPU time per round trip;
 *   <li><b>reference</b>: the CPU time this host charges a thread for one timed wake-up per SYN
 *       interval, the floor under the detector's own cost.
 * </ul>
 *
 * <p>Options: {@code --boots N} (default 30), {@code --interval-ms N} (SYN interval, default 10),
 * {@code --boot-delay-ms N} (watched boot's delay, default 1000), {@code --watched N} (default 5).
 * Needs root.
 */
public final class ProbeCalibration {
    private ProbeCalibration() {}

    /**
     * @param args see the class comment
     * @throws Exception when the rig cannot be built or a probe fails
     */
    public static void main(String[] args) throws Exception {
        int boots = intArg(args, "--boots", 30);
        int intervalMs = intArg(args, "--interval-ms", 10);
        int delayMs = intArg(args, "--boot-delay-ms", 1000);
        int watched = intArg(args, "--watched", 5);
        Duration interval = Duration.ofMillis(intervalMs);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode out = json.createObjectNode();
        out.put("benchmark", "nfv-lightvirt probe calibration");
        out.put("when", Instant.now().toString());
        out.put("host", hostLine());
        out.put("synIntervalMs", intervalMs);

        try (VethRig rig = VethRig.create(true)) {
            System.out.println("rig: " + rig);
            BootDetector detector = BootDetector.builder().link(rig.hostLink()).target(rig.farAddress(), rig.farMac())
                    .interval(interval).timeout(Duration.ofSeconds(30)).build();
            warmUp(detector);

            // 1. floor, capture prepared before "create": begin -> first RST
            double[] prepared = new double[boots];
            double[] preparedCpu = new double[boots];
            for (int i = 0; i < boots; i++) {
                try (BootWatch w = detector.prepare()) {
                    BootResult r = w.begin(Instant.now()).awaitFirstAnswer();
                    prepared[i] = ms(r.instantiationTime());
                    preparedCpu[i] = ms(r.detectorCpuTime());
                }
            }
            // 1b. floor, capture opened inside the measurement: start() as create is called
            double[] cold = new double[boots];
            double[] coldCpu = new double[boots];
            for (int i = 0; i < boots; i++) {
                try (BootWatch w = detector.start()) {
                    BootResult r = w.awaitFirstAnswer();
                    cold[i] = ms(r.instantiationTime());
                    coldCpu[i] = ms(r.detectorCpuTime());
                }
            }
            print("floor, capture prepared (begin -> first RST)", prepared, "ms");
            print("floor, capture opened at create (start -> first RST)", cold, "ms");
            print("detector CPU per floor boot, prepared", preparedCpu, "ms");
            print("detector CPU per floor boot, opened at create", coldCpu, "ms");
            out.set("floorPreparedMs", stats(json, prepared));
            out.set("floorOpenedAtCreateMs", stats(json, cold));
            out.set("detectorCpuPerFloorBootPreparedMs", stats(json, preparedCpu));
            out.set("detectorCpuPerFloorBootOpenedAtCreateMs", stats(json, coldCpu));

            // 2. watched boot: the far end's stack "comes up" delayMs after begin
            double[] lag = new double[watched];
            double[] boot = new double[watched];
            double[] cpu = new double[watched];
            double[] cpuPerSecond = new double[watched];
            long[] syns = new long[watched];
            for (int i = 0; i < watched; i++) {
                rig.farAddressDown();
                try (BootWatch w = detector.prepare()) {
                    Instant begun = Instant.now();
                    w.begin(begun);
                    Thread.sleep(delayMs);
                    rig.farAddressUp();
                    Instant up = Instant.now();
                    BootResult r = w.awaitFirstAnswer();
                    boot[i] = ms(r.instantiationTime());
                    lag[i] = ms(Duration.between(up, r.firstAnswer()));
                    cpu[i] = ms(r.detectorCpuTime());
                    cpuPerSecond[i] = cpu[i] / (boot[i] / 1000);
                    syns[i] = r.synsSent();
                }
            }
            print("watched boot (begin -> first RST, address added after " + delayMs + " ms)", boot, "ms");
            print("detection lag (address added -> first RST captured; bounded by the SYN interval)", lag, "ms");
            print("detector CPU per watched boot", cpu, "ms");
            print("detector CPU per second watched", cpuPerSecond, "ms/s");
            double[] wake = timedWakeUpCpuMicros(interval, 5);
            print("reference: CPU of one bare timed wake-up (parkNanos) every SYN interval on this host", wake, "us");
            out.set("referenceTimedWakeUpCpuUs", stats(json, wake));
            System.out.printf(Locale.ROOT, "SYNs per watched boot: %s%n", Arrays.toString(syns));
            out.put("watchedBootDelayMs", delayMs);
            out.set("watchedBootMs", stats(json, boot));
            out.set("detectionLagMs", stats(json, lag));
            out.set("detectorCpuPerWatchedBootMs", stats(json, cpu));
            out.set("detectorCpuPerSecondWatchedMs", stats(json, cpuPerSecond));

            // 3. RTT meter floor and cost on the same rig
            // 20000 round trips per run: process CPU time has a 10 ms resolution
            RttMeter meter = RttMeter.builder().link(rig.hostLink()).target(rig.farAddress(), rig.farMac())
                    .count(20_000).build();
            meter.measure();
            var os = ManagementFactory.getOperatingSystemMXBean();
            List<Double> rttAvg = new ArrayList<>();
            List<Double> rttCpu = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long c0 = processCpu(os);
                RttResult r = meter.measure();
                long c1 = processCpu(os);
                rttAvg.add(r.rtt().avg().toNanos() / 1e3);
                rttCpu.add((c1 - c0) / 1e3 / Math.max(1, r.received()));
                System.out.println("rtt: " + r.describe());
            }
            double[] avgs = rttAvg.stream().mapToDouble(Double::doubleValue).toArray();
            double[] cpus = rttCpu.stream().mapToDouble(Double::doubleValue).toArray();
            print("rtt floor (flood of 20000, average per run)", avgs, "us");
            print("rtt meter process CPU per round trip (includes the far end's kernel work, done in the sender's softirq)",
                    cpus, "us");
            out.set("rttFloorAvgUs", stats(json, avgs));
            out.set("rttMeterCpuPerRoundTripUs", stats(json, cpus));
        }
        System.out.println(json.writeValueAsString(out));
    }

    /** What the platform charges a thread for waking from a timed park once per interval. */
    private static double[] timedWakeUpCpuMicros(Duration interval, int runs) {
        var threads = ManagementFactory.getThreadMXBean();
        double[] r = new double[runs];
        for (int i = 0; i < runs; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (int k = 1; k <= 50; k++) {
                long next = t0 + k * interval.toNanos();
                long left;
                while ((left = next - System.nanoTime()) > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(left);
                }
            }
            r[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e3 / 50;
        }
        return r;
    }

    private static void warmUp(BootDetector detector) {
        for (int i = 0; i < 3; i++) {
            try (BootWatch w = detector.start()) {
                w.awaitFirstAnswer();
            }
        }
    }

    private static long processCpu(java.lang.management.OperatingSystemMXBean os) {
        return os instanceof com.sun.management.OperatingSystemMXBean s ? s.getProcessCpuTime() : 0;
    }

    private static String hostLine() {
        return System.getProperty("os.name") + " " + System.getProperty("os.version") + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs, Java " + System.getProperty("java.version");
    }

    private static ObjectNode stats(ObjectMapper json, double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        ObjectNode n = json.createObjectNode();
        n.put("n", s.length);
        n.put("min", round(s[0]));
        n.put("median", round(percentile(s, 50)));
        n.put("p95", round(percentile(s, 95)));
        n.put("max", round(s[s.length - 1]));
        ArrayNode all = n.putArray("values");
        for (double x : v) {
            all.add(round(x));
        }
        return n;
    }

    private static void print(String what, double[] v, String unit) {
        double[] s = v.clone();
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "%-100s n=%d min %.3f median %.3f p95 %.3f max %.3f %s%n", what, s.length, s[0],
                percentile(s, 50), percentile(s, 95), s[s.length - 1], unit);
    }

    private static double percentile(double[] sorted, double p) {
        int idx = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
    }

    private static double round(double x) {
        return Math.round(x * 1000) / 1000.0;
    }

    private static double ms(Duration d) {
        return d.toNanos() / 1e6;
    }

    private static int intArg(String[] args, String name, int dflt) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                try {
                    int v = Integer.parseInt(args[i + 1]);
                    if (v < 1) {
                        throw new NumberFormatException();
                    }
                    return v;
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + " must be a positive integer, got '" + args[i + 1] + "'");
                }
            }
        }
        return dflt;
    }
}
