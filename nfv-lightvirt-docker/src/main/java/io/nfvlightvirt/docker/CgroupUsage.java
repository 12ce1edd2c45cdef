package io.nfvlightvirt.docker;

import io.nfvlightvirt.Usage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a container's memory and CPU use straight from its cgroup files, which costs
 * microseconds (the engine's stats API takes about a second per sample). Works for cgroup v1
 * ({@code memory.usage_in_bytes} minus inactive file cache, {@code cpuacct.usage}) and v2
 * ({@code memory.current} minus {@code inactive_file}, {@code usage_usec} of {@code cpu.stat}),
 * the same accounting {@code docker stats} shows. The container's cgroup is found from
 * {@code /proc/<pid>/cgroup} of its init process and must name the container id, so a PID from a
 * remote engine, or a reused one, is never mistaken for the container.
 */
final class CgroupUsage {

    /** Where a container's cgroup files are. */
    record Location(String version, Path memoryDir, Path cpuDir) {}

    private final Path procRoot;
    private final Map<String, Path> v1Mounts;
    private final Optional<Path> v2Mount;
    private final Map<String, Location> byContainer = new ConcurrentHashMap<>();

    /**
     * @param procRoot usually {@code /proc}
     * @param mountinfo the text of {@code /proc/self/mountinfo}
     */
    CgroupUsage(Path procRoot, String mountinfo) {
        this.procRoot = procRoot;
        Map<String, Path> v1 = new HashMap<>();
        Path v2 = null;
        for (String line : mountinfo.split("\n")) {
            int dash = line.indexOf(" - ");
            if (dash < 0) {
                continue;
            }
            String[] left = line.substring(0, dash).split(" ");
            String[] right = line.substring(dash + 3).split(" ");
            if (left.length < 5 || right.length < 3) {
                continue;
            }
            Path mountPoint = Path.of(unescape(left[4]));
            if (right[0].equals("cgroup2")) {
                v2 = mountPoint;
            } else if (right[0].equals("cgroup")) {
                for (String opt : right[2].split(",")) {
                    if (opt.equals("memory") || opt.equals("cpuacct") || opt.equals("cpu")) {
                        v1.putIfAbsent(opt, mountPoint);
                    }
                }
            }
        }
        this.v1Mounts = Map.copyOf(v1);
        this.v2Mount = Optional.ofNullable(v2);
    }

    /** @return a reader for this host, or one that never finds anything when /proc is unreadable */
    static CgroupUsage ofThisHost() {
        try {
            return new CgroupUsage(Path.of("/proc"), Files.readString(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return new CgroupUsage(Path.of("/proc"), "");
        }
    }

    private static String unescape(String s) {
        return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }

    /**
     * @param containerId the full container id
     * @param pid the container's init process as the engine reports it (on this host)
     * @return the usage, or empty when the files cannot be found or read here
     */
    Optional<Usage> read(String containerId, long pid) {
        Location loc = byContainer.get(containerId);
        if (loc == null && pid > 0) {
            loc = locate(containerId, pid).orElse(null);
            if (loc != null) {
                byContainer.put(containerId, loc);
            }
        }
        if (loc == null) {
            return Optional.empty();
        }
        try {
            Instant at = Instant.now();
            if (loc.version().equals("cgroup-v1")) {
                long usage = readLong(loc.memoryDir().resolve("memory.usage_in_bytes"));
                long inactive = stat(loc.memoryDir().resolve("memory.stat"), "total_inactive_file");
                long cpuNanos = readLong(loc.cpuDir().resolve("cpuacct.usage"));
                return Optional.of(new Usage(Math.max(0, usage - Math.max(0, inactive)), Duration.ofNanos(cpuNanos), at, loc.version()));
            }
            long current = readLong(loc.memoryDir().resolve("memory.current"));
            long inactive = stat(loc.memoryDir().resolve("memory.stat"), "inactive_file");
            long cpuMicros = stat(loc.cpuDir().resolve("cpu.stat"), "usage_usec");
            return Optional.of(new Usage(Math.max(0, current - Math.max(0, inactive)), Duration.ofNanos(cpuMicros * 1000), at, loc.version()));
        } catch (IOException | RuntimeException e) {
            byContainer.remove(containerId);
            return Optional.empty();
        }
    }

    /** @param containerId a container that is gone or stopped */
    void forget(String containerId) {
        byContainer.remove(containerId);
    }

    /**
     * @param containerId the full container id
     * @param pid its init process
     * @return where its cgroup files are, when this host has them
     */
    Optional<Location> locate(String containerId, long pid) {
        String text;
        try {
            text = Files.readString(procRoot.resolve(Long.toString(pid)).resolve("cgroup"), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return locate(containerId, text);
    }

    /**
     * @param containerId the full container id
     * @param procCgroup the text of {@code /proc/<pid>/cgroup}
     * @return where its cgroup files are, when they name the container and exist
     */
    Optional<Location> locate(String containerId, String procCgroup) {
        String memory = null;
        String cpu = null;
        String unified = null;
        for (String line : procCgroup.split("\n")) {
            String[] parts = line.split(":", 3);
            if (parts.length < 3) {
                continue;
            }
            if (parts[0].equals("0") && parts[1].isEmpty()) {
                unified = parts[2].trim();
                continue;
            }
            for (String c : parts[1].split(",")) {
                if (c.equals("memory")) {
                    memory = parts[2].trim();
                } else if (c.equals("cpuacct")) {
                    cpu = parts[2].trim();
                }
            }
        }
        if (memory != null && cpu != null && v1Mounts.containsKey("memory") && v1Mounts.containsKey("cpuacct")
                && memory.contains(containerId) && cpu.contains(containerId)) {
            Path mem = under(v1Mounts.get("memory"), memory);
            Path cp = under(v1Mounts.get("cpuacct"), cpu);
            if (Files.isReadable(mem.resolve("memory.usage_in_bytes")) && Files.isReadable(cp.resolve("cpuacct.usage"))) {
                return Optional.of(new Location("cgroup-v1", mem, cp));
            }
        }
        if (unified != null && v2Mount.isPresent() && unified.contains(containerId)) {
            Path dir = under(v2Mount.get(), unified);
            if (Files.isReadable(dir.resolve("memory.current")) && Files.isReadable(dir.resolve("cpu.stat"))) {
                return Optional.of(new Location("cgroup-v2", dir, dir));
            }
        }
        return Optional.empty();
    }

    private static Path under(Path mount, String cgroupPath) {
        String rel = cgroupPath.startsWith("/") ? cgroupPath.substring(1) : cgroupPath;
        return rel.isEmpty() ? mount : mount.resolve(rel);
    }

    private static long readLong(Path file) throws IOException {
        return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
    }

    private static long stat(Path file, String key) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        for (String line : lines) {
            int sp = line.indexOf(' ');
            if (sp > 0 && line.substring(0, sp).equals(key)) {
                return Long.parseLong(line.substring(sp + 1).trim());
            }
        }
        return 0;
    }
}
