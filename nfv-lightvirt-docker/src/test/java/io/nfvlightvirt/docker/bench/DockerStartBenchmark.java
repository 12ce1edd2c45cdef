package io.nfvlightvirt.docker.bench;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Version;
import io.nfvlightvirt.BackendConfig;
import io.nfvlightvirt.GuestKind;
import io.nfvlightvirt.LightVirt;
import io.nfvlightvirt.Ownership;
import io.nfvlightvirt.VirtualizationBackend;
import io.nfvlightvirt.VnfInstance;
import io.nfvlightvirt.VnfSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Create + start of a container through the library ({@code backend.run(spec)}, returning when the
 * engine reports the container running) against {@code docker run -d} of the same image with the
 * same network, fixed address, MAC, limits and labels through Debian's CLI ({@code /usr/bin/docker},
 * which also returns once the engine has started the container), alternated in the same run; then
 * 20 containers brought up concurrently, through the library and through 20 parallel CLI calls.
 * Prints text and one JSON object. Neither figure includes the guest's boot (first RST): that is
 * what the probes module measures.
 *
 * <p>Run: {@code mvn -B -q -pl nfv-lightvirt-docker -am verify -Pbench -DskipTests} (root of the
 * repository). System properties: {@code bench.runs} (default 20), {@code bench.warmup} (2),
 * {@code bench.concurrent} (20).
 */
public final class DockerStartBenchmark {
    private static final String CLI = "/usr/bin/docker";

    private DockerStartBenchmark() {}

    /**
     * @param args ignored; see the class comment for the properties
     * @throws Exception when the engine fails
     */
    public static void main(String[] args) throws Exception {
        int runs = Integer.getInteger("bench.runs", 20);
        int warmup = Integer.getInteger("bench.warmup", 2);
        int concurrent = Integer.getInteger("bench.concurrent", 20);
        String owner = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        BackendConfig config = BackendConfig.defaults().withOwner(owner);

        try (VirtualizationBackend backend = LightVirt.discover().open("docker", config)) {
            DockerClient client = backend.unwrap(DockerClient.class);
            Version version = client.versionCmd().exec();
            try {
                // An anchor instance keeps the owner's network (and the built-in image) in place, as in
                // an orchestrator's steady state; it also builds the image before anything is timed.
                VnfInstance anchor = backend.create(spec("anchor"));
                String image = client.inspectContainerCmd(anchor.id()).exec().getConfig().getImage();
                long imageBytes = backend.imageSizeBytes(anchor.id());
                String network = "nfvlv-" + owner;
                String prefix = anchor.ipv4().orElseThrow().substring(0, anchor.ipv4().get().lastIndexOf('.') + 1);

                List<Double> lib = new ArrayList<>();
                List<Double> cli = new ArrayList<>();
                for (int i = 0; i < warmup + runs; i++) {
                    double l = timeLibrary(backend, "lib-" + i);
                    double c = timeCli(owner, image, network, prefix + (200 + (i % 50)), "cli-" + i);
                    if (i >= warmup) {
                        lib.add(l);
                        cli.add(c);
                    }
                }

                double libConcurrent = concurrentLibrary(backend, concurrent);
                double cliConcurrent = concurrentCli(owner, image, network, prefix, concurrent);

                backend.destroy(anchor.id());
                report(version, runs, imageBytes, image, lib, cli, concurrent, libConcurrent, cliConcurrent);
            } finally {
                for (VnfInstance i : backend.list()) {
                    backend.destroy(i.id());
                }
                removeCliContainers(owner);
            }
        }
    }

    private static VnfSpec spec(String name) {
        return VnfSpec.builder(name, GuestKind.CONTAINER).memoryMiB(64).build();
    }

    private static double timeLibrary(VirtualizationBackend backend, String name) {
        VnfSpec s = spec(name);
        long t0 = System.nanoTime();
        VnfInstance i = backend.run(s);
        double ms = (System.nanoTime() - t0) / 1e6;
        backend.destroy(i.id());
        return ms;
    }

    private static List<String> cliRun(String owner, String image, String network, String ip, String name) {
        String mac = macFor(ip);
        return List.of(CLI, "run", "-d", "--name", "nfvlv-" + owner + "-" + name, "--hostname", name,
                "--network", network, "--ip", ip, "--mac-address", mac,
                "--memory", String.valueOf(64L << 20), "--memory-swap", String.valueOf(64L << 20), "--cpus", "1",
                "--stop-timeout", "5",
                "--label", Ownership.MANAGED + "=true", "--label", Ownership.OWNER + "=" + owner + "-cli",
                "--label", "io.nfvlightvirt.bench=" + owner,
                image);
    }

    private static double timeCli(String owner, String image, String network, String ip, String name) throws Exception {
        List<String> cmd = cliRun(owner, image, network, ip, name);
        long t0 = System.nanoTime();
        String id = exec(cmd).trim();
        double ms = (System.nanoTime() - t0) / 1e6;
        exec(List.of(CLI, "rm", "-f", id));
        return ms;
    }

    private static double concurrentLibrary(VirtualizationBackend backend, int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<VnfInstance>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                VnfSpec s = spec("par-" + i);
                futures.add(pool.submit(() -> {
                    go.await();
                    return backend.run(s);
                }));
            }
            long t0 = System.nanoTime();
            go.countDown();
            List<VnfInstance> up = new ArrayList<>();
            for (Future<VnfInstance> f : futures) {
                up.add(f.get(5, TimeUnit.MINUTES));
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            for (VnfInstance i : up) {
                backend.destroy(i.id());
            }
            return ms;
        } finally {
            pool.shutdownNow();
        }
    }

    private static double concurrentCli(String owner, String image, String network, String prefix, int n) throws Exception {
        List<Process> procs = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            procs.add(new ProcessBuilder(cliRun(owner, image, network, prefix + (150 + i), "cpar-" + i))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        }
        for (Process p : procs) {
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("a concurrent docker run failed");
            }
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        removeCliContainers(owner);
        return ms;
    }

    private static void removeCliContainers(String owner) throws Exception {
        String ids = exec(List.of(CLI, "ps", "-a", "-q", "--filter", "label=io.nfvlightvirt.bench=" + owner)).trim();
        if (!ids.isEmpty()) {
            List<String> rm = new ArrayList<>(List.of(CLI, "rm", "-f"));
            rm.addAll(Arrays.asList(ids.split("\\s+")));
            exec(rm);
        }
    }

    private static String macFor(String ip) {
        String[] p = ip.split("\\.");
        return String.format("02:42:%02x:%02x:%02x:%02x", Integer.parseInt(p[0]), Integer.parseInt(p[1]),
                Integer.parseInt(p[2]), Integer.parseInt(p[3]));
    }

    private static String exec(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out.toString(StandardCharsets.UTF_8));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private record Stats(double min, double median, double p95, double max) {
        static Stats of(List<Double> values) {
            List<Double> s = new ArrayList<>(values);
            s.sort(Double::compare);
            int n = s.size();
            double median = n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
            double p95 = s.get(Math.min(n - 1, (int) Math.ceil(0.95 * n) - 1));
            return new Stats(s.get(0), median, p95, s.get(n - 1));
        }

        String json() {
            return String.format(Locale.ROOT, "{\"min\":%.1f,\"median\":%.1f,\"p95\":%.1f,\"max\":%.1f}", min, median, p95, max);
        }
    }

    private static void report(Version v, int runs, long imageBytes, String image, List<Double> lib, List<Double> cli,
            int concurrent, double libConcurrent, double cliConcurrent) {
        Stats l = Stats.of(lib);
        Stats c = Stats.of(cli);
        double ratio = l.median() / c.median();
        System.out.printf(Locale.ROOT, "Docker Engine %s (API %s), built-in image %s, %d bytes; %d CPUs%n", v.getVersion(),
                v.getApiVersion(), image, imageBytes, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "create+start, %d runs each, alternated (ms): min / median / p95 / max%n", runs);
        System.out.printf(Locale.ROOT, "  library  backend.run     %7.1f / %7.1f / %7.1f / %7.1f%n", l.min(), l.median(), l.p95(), l.max());
        System.out.printf(Locale.ROOT, "  CLI      docker run -d   %7.1f / %7.1f / %7.1f / %7.1f%n", c.min(), c.median(), c.p95(), c.max());
        System.out.printf(Locale.ROOT, "  median ratio library / CLI = %.2fx (target <= 1.0x)%n", ratio);
        System.out.printf(Locale.ROOT, "%d containers brought up concurrently: library %.0f ms, CLI (%d parallel docker run -d) %.0f ms%n",
                concurrent, libConcurrent, concurrent, cliConcurrent);
        System.out.printf(Locale.ROOT, "{\"benchmark\":\"docker-start\",\"engine\":\"%s\",\"api\":\"%s\",\"image\":\"%s\","
                        + "\"image_bytes\":%d,\"runs\":%d,\"library_run_ms\":%s,\"cli_run_ms\":%s,\"median_ratio\":%.3f,"
                        + "\"concurrent\":{\"count\":%d,\"library_total_ms\":%.1f,\"cli_total_ms\":%.1f}}%n",
                v.getVersion(), v.getApiVersion(), image, imageBytes, runs, l.json(), c.json(), ratio, concurrent,
                libConcurrent, cliConcurrent);
    }
}
