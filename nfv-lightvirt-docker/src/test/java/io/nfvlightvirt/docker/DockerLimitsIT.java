package io.nfvlightvirt.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.nfvlightvirt.ResourceLimits;
import io.nfvlightvirt.Usage;
import io.nfvlightvirt.VirtualizationBackend;
import io.nfvlightvirt.VnfInstance;
import io.nfvlightvirt.VnfState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Memory and CPU limits reach the kernel and are enforced; usage is read from cheap sources. */
@Tag("docker")
class DockerLimitsIT extends DockerItSupport {
    /** Doubles a shell string until the memory limit stops it. */
    private static final String MEMORY_HOG = "x=0123456789abcdef; while true; do x=$x$x; done";

    @Test
    void aProcessExceedingTheMemoryLimitIsKilledAndTheInstanceSaysOomKilled() {
        VnfInstance i = backend.run(spec("lim-oom").memoryMiB(16).option("command", MEMORY_HOG).build());
        assertThat(DockerCli.inspect("{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}}", i.id()))
                .as("hard limit, no swap").isEqualTo((16L << 20) + " " + (16L << 20));

        await("the memory hog to be killed", Duration.ofSeconds(60), () -> backend.inspect(i.id()).state() == VnfState.FAILED);

        VnfInstance dead = backend.inspect(i.id());
        assertThat(dead.stateReason()).contains("OOMKilled");
        assertThat(DockerCli.inspect("{{.State.OOMKilled}}", i.id())).isEqualTo("true");
    }

    @Test
    void aGuestWithinItsLimitKeepsRunningAndItsUsageIsBelowTheLimit() {
        VnfInstance i = backend.run(spec("lim-ok").memoryMiB(16).build());
        await("iperf3 to accept", Duration.ofSeconds(10), () -> tcpAccepts(i.ipv4().orElseThrow(), 5201));
        Usage u = backend.usage(i.id());
        assertThat(u.memoryBytes()).isPositive().isLessThan(16L << 20);
        assertThat(backend.inspect(i.id()).state()).isEqualTo(VnfState.RUNNING);
    }

    @Test
    void cpuAndProcessLimitsReachTheEngineAndTheCgroup() throws Exception {
        VnfInstance i = backend.run(spec("lim-cpu").limits(ResourceLimits.none().withCpus(0.5).withPids(32)).build());
        assertThat(DockerCli.inspect("{{.HostConfig.NanoCpus}} {{.HostConfig.PidsLimit}}", i.id()))
                .isEqualTo("500000000 32");
        Path quota = Path.of("/sys/fs/cgroup/cpu/docker", i.id(), "cpu.cfs_quota_us");
        Path period = Path.of("/sys/fs/cgroup/cpu/docker", i.id(), "cpu.cfs_period_us");
        if (Files.exists(quota)) {
            long q = Long.parseLong(Files.readString(quota).trim());
            long p = Long.parseLong(Files.readString(period).trim());
            assertThat((double) q / p).as("CFS quota / period").isEqualTo(0.5);
        }
    }

    @Test
    void withoutACpuLimitTheVcpusCapTheContainer() {
        VnfInstance i = backend.run(spec("lim-vcpu").vcpus(1).build());
        assertThat(DockerCli.inspect("{{.HostConfig.NanoCpus}}", i.id())).isEqualTo("1000000000");
    }

    @Test
    void usageOfALocalEngineComesFromCgroupFilesFast() {
        VnfInstance i = backend.run(spec("lim-usage").build());
        Usage first = backend.usage(i.id());
        assertThat(first.source()).startsWith("cgroup-v");
        assertThat(first.memoryBytes()).isPositive();
        long t0 = System.nanoTime();
        Usage second = backend.usage(i.id());
        long micros = (System.nanoTime() - t0) / 1000;
        assertThat(second.source()).isEqualTo(first.source());
        assertThat(second.cpuTime()).isGreaterThanOrEqualTo(first.cpuTime());
        System.out.printf("usage from %s read in %d us: %d bytes, cpu %s%n", second.source(), micros,
                second.memoryBytes(), second.cpuTime());
    }

    @Test
    void usageOfARemoteEngineComesFromTheStatsApi() throws Exception {
        try (EngineProxy tcp = EngineProxy.loopbackTcp()) {
            VirtualizationBackend remote = open(config().withEngineUri(java.net.URI.create(tcp.uri())));
            VnfInstance i = remote.run(spec("lim-remote").build());
            Usage u = remote.usage(i.id());
            assertThat(u.source()).isEqualTo("docker-stats");
            assertThat(u.memoryBytes()).isPositive().isLessThan(32L << 20);
            remote.destroy(i.id());
        }
    }

    @Test
    void aPausedGuestStillReportsUsageAndStopsWithoutWaitingOutTheTimeout() {
        VirtualizationBackend slow = open(config().withOption("stop.timeout", "30"));
        VnfInstance i = slow.run(spec("lim-paused").build());
        slow.pause(i.id());
        assertThat(slow.usage(i.id()).memoryBytes()).isPositive();
        long t0 = System.nanoTime();
        VnfInstance stopped = slow.stop(i.id());
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(stopped.state()).isEqualTo(VnfState.STOPPED);
        assertThat(took).as("iperf3 ends on SIGTERM once thawed; not the 30 s stop timeout").isLessThan(Duration.ofSeconds(20));
    }
}
