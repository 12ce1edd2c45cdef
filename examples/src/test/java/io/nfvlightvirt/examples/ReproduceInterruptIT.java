package io.nfvlightvirt.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.nfvlightvirt.testkit.EngineRequirement;
import io.nfvlightvirt.testkit.SharedGuests;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C in the middle of the main job: the shaded jar's {@code reproduce} command runs as a child
 * process, gets SIGINT (what a terminal's Ctrl-C sends) while a guest is being instantiated, and
 * must exit non-zero having destroyed everything it created — checked on the engines by the run's
 * owner label, and on the host by the links and instance directories that appeared during the run.
 */
class ReproduceInterruptIT {
    private static final Path JAR = Path.of("target", "nfv-lightvirt-examples.jar");
    private static final Pattern OWNER = Pattern.compile("owner (bench-[0-9a-f]{8})");
    private static final Path INSTANCES = Path.of("/var/lib/nfv-lightvirt/instances");

    @TempDir
    Path out;

    private Process child;

    @AfterEach
    void endChildIfStillRunning() throws Exception {
        if (child != null && child.isAlive()) {
            // SIGTERM runs the same shutdown hook as Ctrl-C, so a failed test still leaves nothing behind
            child.destroy();
            if (!child.waitFor(3, TimeUnit.MINUTES)) {
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void ctrlCDuringDockerInstantiationsLeavesNothing() throws Exception {
        EngineRequirement.require(Files.exists(Path.of("/var/run/docker.sock")), "no Docker Engine at /var/run/docker.sock");
        Run run = interruptAt(List.of("--backends", "docker", "--guests", "CONTAINER", "--repetitions", "40",
                "--out", out.toString()), "instantiation 3/40");
        assertThat(command("docker", "ps", "-aq", "--filter", "label=io.nfvlightvirt.owner=" + run.owner()))
                .as("containers of owner %s", run.owner()).isEmpty();
        assertThat(command("docker", "network", "ls", "-q", "--filter", "label=io.nfvlightvirt.owner=" + run.owner()))
                .as("networks of owner %s", run.owner()).isEmpty();
        run.assertHostUnchanged();
    }

    @Test
    void ctrlCDuringUnikernelBootsOnKvmLeavesNothing() throws Exception {
        Path nfvsink = SharedGuests.nfvsinkQemu().orElse(null);
        EngineRequirement.require(nfvsink != null, SharedGuests.howToGive());
        EngineRequirement.require(Files.exists(Path.of("/var/run/libvirt/libvirt-sock")), "libvirtd is not running");
        Run run = interruptAt(List.of("--backends", "kvm", "--guests", "UNIKERNEL", "--repetitions", "40",
                "--unikernel", nfvsink.toString(), "--out", out.toString()), "instantiation 2/40");
        List<String> ours = new ArrayList<>();
        for (String dom : command("virsh", "-c", "qemu:///system", "list", "--all", "--name")) {
            if (!dom.isBlank() && String.join("\n", command("virsh", "-c", "qemu:///system", "dumpxml", dom.strip()))
                    .contains(">" + run.owner() + "<")) {
                ours.add(dom);
            }
        }
        assertThat(ours).as("libvirt domains of owner %s", run.owner()).isEmpty();
        run.assertHostUnchanged();
    }

    /** What an interrupted run printed and what it found on the host before it started. */
    private record Run(String owner, List<String> output, Set<String> linksBefore, Set<String> dirsBefore) {
        void assertHostUnchanged() throws Exception {
            Set<String> links = new TreeSet<>(ourLinks());
            links.removeAll(linksBefore);
            assertThat(links).as("host links created by the interrupted run").isEmpty();
            Set<String> dirs = new TreeSet<>(instanceDirs());
            dirs.removeAll(dirsBefore);
            assertThat(dirs).as("instance directories created by the interrupted run").isEmpty();
        }
    }

    private Run interruptAt(List<String> args, String when) throws Exception {
        assertThat(JAR).as("the shaded jar (built in the package phase)").exists();
        Set<String> linksBefore = ourLinks();
        Set<String> dirsBefore = instanceDirs();
        // A terminal's Ctrl-C reaches a process whose SIGINT is at its default. A test run from a
        // script's background job (as CI may start it) inherits SIGINT ignored, and the JVM then
        // installs no handler for it: env restores the default, as an interactive shell has it.
        List<String> cmd = new ArrayList<>(List.of("env", "--default-signal=INT",
                ProcessHandle.current().info().command().orElse("java"), "-jar", JAR.toString(), "reproduce"));
        cmd.addAll(args);
        child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<String> owner = new AtomicReference<>();
        CountDownLatch reached = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    System.out.println("REPRODUCE| " + line);
                    lines.add(line);
                    Matcher m = OWNER.matcher(line);
                    if (m.find()) {
                        owner.compareAndSet(null, m.group(1));
                    }
                    if (line.contains(when)) {
                        reached.countDown();
                    }
                }
            } catch (IOException e) {
                // the child went away
            } finally {
                reached.countDown();
            }
        }, "reproduce-output");
        reader.start();
        assertThat(reached.await(10, TimeUnit.MINUTES)).as("reached '%s' within 10 min", when).isTrue();
        assertThat(child.isAlive()).as("the run is still going when interrupted; output ends:%n%s", tail(lines)).isTrue();
        command("kill", "-INT", Long.toString(child.pid()));
        assertThat(child.waitFor(2, TimeUnit.MINUTES)).as("the run exits within 2 min of SIGINT").isTrue();
        reader.join(Duration.ofSeconds(10).toMillis());
        assertThat(child.exitValue()).as("exit code after SIGINT; output ends:%n%s", tail(lines)).isEqualTo(130);
        assertThat(lines).as("output ends:%n%s", tail(lines))
                .anyMatch(l -> l.contains("interrupted: destroying everything this run created"));
        assertThat(owner.get()).as("the owner printed at the start").isNotNull();
        assertThat(out.resolve("results.json")).as("no report from an interrupted run").doesNotExist();
        return new Run(owner.get(), List.copyOf(lines), linksBefore, dirsBefore);
    }

    private static String tail(List<String> lines) {
        synchronized (lines) {
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
        }
    }

    private static Set<String> ourLinks() throws Exception {
        Set<String> links = new TreeSet<>();
        try (Stream<Path> s = Files.list(Path.of("/sys/class/net"))) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.matches("nfv(lv|k).*")).forEach(links::add);
        }
        return links;
    }

    private static Set<String> instanceDirs() throws Exception {
        Set<String> dirs = new TreeSet<>();
        if (Files.isDirectory(INSTANCES)) {
            try (Stream<Path> s = Files.list(INSTANCES)) {
                s.map(p -> p.getFileName().toString()).forEach(dirs::add);
            }
        }
        return dirs;
    }

    private static List<String> command(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        byte[] b = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", String.join(" ", argv)).isTrue();
        String text = new String(b, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("%s: %s", String.join(" ", argv), text).isZero();
        return text.lines().filter(l -> !l.isBlank()).toList();
    }
}
