package io.nfvlightvirt.probes.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A busybox + iperf3 container on a bridge network the test creates, driven by the docker CLI.
 * Image, network and containers carry {@code io.nfvlightvirt.managed=true} and are removed by the
 * test's {@link Cleanup}.
 */
final class DockerGuest {
    static final String MANAGED = "io.nfvlightvirt.managed=true";
    static final String OWNER = "io.nfvlightvirt.owner=probes-it";
    private static final Duration CLI = Duration.ofSeconds(60);

    private DockerGuest() {}

    /**
     * Builds the image by {@code docker import} of a directory tree.
     *
     * @param cleanup removes the image and the temp files
     * @return the image tag
     */
    static String buildImage(Cleanup cleanup) throws Exception {
        String tag = "nfvlvp-it-iperf3:" + Host.hex(4);
        Path dir = Files.createTempDirectory("nfvlvp-image");
        cleanup.push("temp dir " + dir, () -> Host.run(CLI, "rm", "-rf", dir.toString()));
        Path root = dir.resolve("root");
        GuestFiles.busyboxAndIperf3().writeTree(root);
        Path tar = dir.resolve("image.tar");
        Host.run(CLI, "tar", "-C", root.toString(), "-cf", tar.toString(), ".");
        Host.run(CLI, "docker", "import", "--change", "LABEL " + MANAGED, "--change", "LABEL " + OWNER,
                "--change", "CMD [\"/usr/bin/iperf3\",\"-s\"]", tar.toString(), tag);
        cleanup.push("image " + tag, () -> Host.run(CLI, "docker", "rmi", "-f", tag));
        return tag;
    }

    /**
     * Creates a bridge network on 10.217.n.0/24 with a bridge of a known name.
     *
     * @return the network name; the bridge is {@code bridgeName}
     */
    static String network(Cleanup cleanup, String name, String bridgeName, int n) {
        Host.run(CLI, "docker", "network", "create", "--driver", "bridge", "--subnet", "10.217." + n + ".0/24",
                "--gateway", "10.217." + n + ".1", "--label", MANAGED, "--label", OWNER,
                "-o", "com.docker.network.bridge.name=" + bridgeName, name);
        cleanup.push("network " + name, () -> Host.run(CLI, "docker", "network", "rm", name));
        return name;
    }

    /** {@code docker create} of the image on the network with a fixed address; returns the container id. */
    static String create(Cleanup cleanup, String image, String network, String name, String ip) {
        String id = Host.run(CLI, "docker", "create", "--name", name, "--label", MANAGED, "--label", OWNER,
                "--network", network, "--ip", ip, "--memory", "64m", image, "/usr/bin/iperf3", "-s").strip();
        // idempotent: the boot loop removes containers itself, this step catches the ones a failure left
        cleanup.push("container " + name, () -> io.nfvlightvirt.probes.internal.Command.exec(CLI, "docker", "rm", "-f",
                id));
        return id;
    }

    static void start(String id) {
        Host.run(CLI, "docker", "start", id);
    }

    static void remove(String id) {
        Host.run(CLI, "docker", "rm", "-f", id);
    }

    /** @return the MAC the engine derives from an IPv4 address when none is set: 02:42 and the four bytes */
    static String macOf(String ip) {
        String[] p = ip.split("\\.");
        return String.format("02:42:%02x:%02x:%02x:%02x", Integer.parseInt(p[0]), Integer.parseInt(p[1]),
                Integer.parseInt(p[2]), Integer.parseInt(p[3]));
    }
}
