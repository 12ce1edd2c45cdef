package io.nfvlightvirt.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.nfvlightvirt.Usage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupUsageTest {
    private static final String ID = "509e2f249d4333aba3deb8b326309a19f0f3c8c7a46bb0757ca59885abb038dd";

    private static String mountinfo(Path root) {
        return """
                31 23 0:28 / %1$s rw,relatime - tmpfs tmpfs rw,mode=755
                32 31 0:29 / %1$s/cpu rw,relatime - cgroup cgroup rw,cpu
                33 31 0:30 / %1$s/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
                35 31 0:32 / %1$s/memory rw,relatime - cgroup cgroup rw,memory
                41 31 0:38 / %1$s/unified rw,relatime - cgroup2 cgroup2 rw
                """.formatted(root);
    }

    @Test
    void readsCgroupV1FilesLikeDockerStats(@TempDir Path tmp) throws Exception {
        Path cg = tmp.resolve("cg");
        Path mem = Files.createDirectories(cg.resolve("memory/docker/" + ID));
        Path cpu = Files.createDirectories(cg.resolve("cpuacct/docker/" + ID));
        Files.writeString(mem.resolve("memory.usage_in_bytes"), "1500000\n");
        Files.writeString(mem.resolve("memory.stat"), "cache 600000\ntotal_inactive_file 500000\n");
        Files.writeString(cpu.resolve("cpuacct.usage"), "26157070\n");
        Path proc = Files.createDirectories(tmp.resolve("proc/4242"));
        Files.writeString(proc.resolve("cgroup"), "5:memory:/docker/" + ID + "\n3:cpuacct:/docker/" + ID + "\n0::/\n");

        CgroupUsage reader = new CgroupUsage(tmp.resolve("proc"), mountinfo(cg));
        Usage u = reader.read(ID, 4242).orElseThrow();
        assertThat(u.memoryBytes()).isEqualTo(1_000_000);
        assertThat(u.cpuTime()).isEqualTo(Duration.ofNanos(26_157_070));
        assertThat(u.source()).isEqualTo("cgroup-v1");

        Files.writeString(mem.resolve("memory.usage_in_bytes"), "2500000\n");
        assertThat(reader.read(ID, -1)).as("the location is remembered, no pid needed").get()
                .extracting(Usage::memoryBytes).isEqualTo(2_000_000L);
    }

    @Test
    void readsCgroupV2Files(@TempDir Path tmp) throws Exception {
        Path cg = tmp.resolve("cg");
        Path dir = Files.createDirectories(cg.resolve("unified/system.slice/docker-" + ID + ".scope"));
        Files.writeString(dir.resolve("memory.current"), "900000\n");
        Files.writeString(dir.resolve("memory.stat"), "anon 700000\ninactive_file 100000\n");
        Files.writeString(dir.resolve("cpu.stat"), "usage_usec 1234\nuser_usec 1000\n");
        Path proc = Files.createDirectories(tmp.resolve("proc/77"));
        Files.writeString(proc.resolve("cgroup"), "0::/system.slice/docker-" + ID + ".scope\n");
        Usage u = new CgroupUsage(tmp.resolve("proc"), mountinfo(cg)).read(ID, 77).orElseThrow();
        assertThat(u.memoryBytes()).isEqualTo(800_000);
        assertThat(u.cpuTime()).isEqualTo(Duration.ofNanos(1_234_000));
        assertThat(u.source()).isEqualTo("cgroup-v2");
    }

    @Test
    void aProcessWhoseCgroupDoesNotNameTheContainerIsNotTrusted(@TempDir Path tmp) throws Exception {
        Path cg = tmp.resolve("cg");
        Files.createDirectories(cg.resolve("memory/user.slice"));
        Path proc = Files.createDirectories(tmp.resolve("proc/99"));
        Files.writeString(proc.resolve("cgroup"), "5:memory:/user.slice\n3:cpuacct:/user.slice\n");
        assertThat(new CgroupUsage(tmp.resolve("proc"), mountinfo(cg)).read(ID, 99)).isEmpty();
    }

    @Test
    void vanishedFilesGiveNothingSoTheCallerFallsBack(@TempDir Path tmp) {
        assertThat(new CgroupUsage(tmp, "").read(ID, 12345)).isEmpty();
    }
}
