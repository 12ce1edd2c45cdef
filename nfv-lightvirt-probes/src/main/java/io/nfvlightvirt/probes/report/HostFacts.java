package io.nfvlightvirt.probes.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a reader of a report needs to know about where it was measured: CPU, cores, memory,
 * kernel, OS, engine versions. Read from /proc and the engines' own version commands.
 *
 * @param facts name to value, in a stable order
 * @param collectedAt when they were read
 */
public record HostFacts(Map<String, String> facts, Instant collectedAt) {

    /** Copies the facts. */
    public HostFacts {
        facts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    }

    /** @return the facts of this host; a fact that cannot be read says so instead of being left out */
    public static HostFacts collect() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("cpu", firstMatch(Path.of("/proc/cpuinfo"), "model name"));
        f.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        f.put("memory", memTotal());
        f.put("kernel", command("uname", "-r"));
        f.put("os", osRelease());
        f.put("kvm device", Files.exists(Path.of("/dev/kvm")) ? "/dev/kvm present" : "absent");
        f.put("docker", command("/usr/bin/docker", "version", "--format", "Engine {{.Server.Version}} (API {{.Server.APIVersion}})"));
        f.put("libvirt", command("virsh", "-c", "qemu:///system", "version", "--daemon").replace('\n', ';'));
        f.put("qemu", command("qemu-system-x86_64", "--version").lines().findFirst().orElse("unknown"));
        f.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        return new HostFacts(f, Instant.now());
    }

    private static String firstMatch(Path file, String key) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.filter(l -> l.startsWith(key)).map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst()
                    .orElse("unknown");
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    private static String memTotal() {
        String kb = firstMatch(Path.of("/proc/meminfo"), "MemTotal").replace("kB", "").trim();
        try {
            return String.format(java.util.Locale.ROOT, "%.1f GiB", Long.parseLong(kb) / 1024.0 / 1024.0);
        } catch (NumberFormatException e) {
            return kb;
        }
    }

    private static String osRelease() {
        String v = firstMatch(Path.of("/etc/os-release"), "PRETTY_NAME=");
        return v.equals("unknown") ? v : v.replace("PRETTY_NAME=", "").replace("\"", "");
    }

    private static String command(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "no answer from " + cmd[0] + " within 10 s";
            }
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.exitValue() == 0 ? out : "unavailable (" + cmd[0] + " exited " + p.exitValue() + ")";
        } catch (IOException e) {
            return "not installed (" + cmd[0] + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
