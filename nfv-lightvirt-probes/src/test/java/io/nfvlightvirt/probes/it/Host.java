package io.nfvlightvirt.probes.it;

import io.nfvlightvirt.probes.internal.Command;
import io.nfvlightvirt.testkit.EngineRequirement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** What the host offers the integration tests, and the gate that skips (or fails in CI) without it. */
final class Host {
    private static final int CAP_NET_ADMIN = 12;
    private static final int CAP_NET_RAW = 13;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Host() {}

    /** @return whether this process may open packet sockets and configure links */
    static boolean hasRawNetworking() {
        long caps = effectiveCaps();
        return (caps & (1L << CAP_NET_RAW)) != 0 && (caps & (1L << CAP_NET_ADMIN)) != 0;
    }

    private static long effectiveCaps() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    return Long.parseUnsignedLong(line.substring(7).trim(), 16);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    /**
     * @param tool a command name
     * @return whether it is on the PATH
     */
    static boolean has(String tool) {
        if (tool.startsWith("/")) {
            return Files.isExecutable(Path.of(tool));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Skips the calling test on a developer box, or fails it in CI, unless the process has
     * CAP_NET_RAW and CAP_NET_ADMIN (root) and every tool is installed.
     *
     * @param tools commands the test runs
     */
    static void requireRawNetworkingAnd(String... tools) {
        List<String> missing = new ArrayList<>();
        if (!hasRawNetworking()) {
            missing.add("root (CAP_NET_RAW and CAP_NET_ADMIN) for pcap and ip link");
        }
        for (String t : tools) {
            if (!has(t)) {
                missing.add(t);
            }
        }
        EngineRequirement.require(missing.isEmpty(), "missing: " + String.join(", ", missing)
                + " (scripts/setup-host.sh installs the tools; run the ITs as root)");
    }

    /** @return whether the Docker Engine answers the CLI */
    static boolean dockerAnswers() {
        if (!has("docker")) {
            return false;
        }
        try {
            return Command.exec(Duration.ofSeconds(20), "docker", "info", "--format", "{{.ServerVersion}}")
                    .exitCode() == 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * @param bytes how many random bytes
     * @return them as lower-case hex, for unique names
     */
    static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static String run(Duration timeout, String... argv) {
        return Command.run(timeout, argv);
    }
}
