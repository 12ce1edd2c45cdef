package io.nfvlightvirt.probes.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

    private final DraftFigures draft = DraftFigures.load();

    private BenchmarkReport report() {
        ResultRow container = new ResultRow("container.docker", "docker", "CONTAINER", "runc", "Docker Engine 20.10", "busybox+iperf3",
                Summary.of(List.of(300.0, 200.0, 250.0)), 6.1, 5.2, "iperf3",
                new RttFigures(1000, 0.004, 0.006, 0.05, 0.002, 0.0), 10.2, 1.1, Map.of(),
                draft.rowFor("docker", "CONTAINER").orElseThrow());
        ResultRow unikernel = new ResultRow("unikernel.unikraft.kvm", "kvm", "UNIKERNEL", "tcg", "QEMU 7.2", "unikraft nfvsink", null, null, null,
                null, null, 0.44, 8.0, Map.of("bootMs", "guest did not answer within 30 s", "txGbps", "skipped by --quick",
                        "rxGbps", "skipped by --quick", "rttMs", "skipped by --quick"),
                draft.rowFor("kvm", "UNIKERNEL").orElseThrow());
        return new BenchmarkReport(new HostFacts(Map.of("cpu", "test cpu"), Instant.EPOCH), Map.of("repetitions", "3"),
                Instant.EPOCH, Instant.EPOCH.plusSeconds(60), List.of(container, unikernel), draft.source(), draft.rows());
    }

    @Test
    void draftFiguresAreTheDraftsSection4Tables() {
        assertThat(draft.rows()).hasSize(7);
        DraftRow tinyxKvm = draft.rowFor("kvm", "TINYX").orElseThrow();
        assertThat(tinyxKvm.technology()).isEqualTo("tinyx.kvm");
        assertThat(tinyxKvm.bootMs()).isEqualTo(1081);
        assertThat(tinyxKvm.imageMB()).isEqualTo(3.5);
        assertThat(draft.rowFor("docker", "CONTAINER").orElseThrow().memoryMB()).isEqualTo(3.8);
        assertThat(draft.source()).contains("draft-natarajan-nfvrg-containers-for-nfv-03");
    }

    @Test
    void technologyNamesWhatRanNotTheDraftRowItIsComparedWith() {
        assertThat(ResultRow.technologyOf("kvm", "UNIKERNEL", "kernel /x/shared/guests/unikraft-nfvsink/nfvsink_qemu-x86_64"))
                .isEqualTo("unikernel.unikraft.kvm");
        assertThat(ResultRow.technologyOf("kvm", "UNIKERNEL", "kernel /srv/app.img")).isEqualTo("unikernel.kvm");
        assertThat(ResultRow.technologyOf("kvm", "TINYX", "built-in Tinyx 6.1.158 (debian cloud kernel 6.1.0-41-cloud-amd64 ...)"))
                .isEqualTo("tinyx.cloudkernel.kvm");
        assertThat(ResultRow.technologyOf("kvm", "TINYX", "built-in Tinyx 6.1.158 (linux-source-6.1 + tinyconfig)"))
                .isEqualTo("tinyx.kvm");
        assertThat(ResultRow.technologyOf("docker", "CONTAINER", "nfvlv-vnf:abc")).isEqualTo("container.docker");
        assertThat(ResultRow.technologyOf("kvm", "STANDARD_VM", null)).isEqualTo("standardvm.kvm");
    }

    @Test
    void summaryComputesMedianAndNearestRankP95() {
        Summary s = Summary.of(List.of(5.0, 1.0, 4.0, 2.0, 3.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0,
                16.0, 17.0, 18.0, 19.0, 20.0));
        assertThat(s.n()).isEqualTo(20);
        assertThat(s.min()).isEqualTo(1.0);
        assertThat(s.median()).isEqualTo(10.5);
        assertThat(s.p95()).isEqualTo(19.0);
        assertThat(s.max()).isEqualTo(20.0);
        assertThat(s.samples()).startsWith(5.0, 1.0);
    }

    @Test
    void jsonHasTheResultsArrayWithEveryRequiredField() throws Exception {
        JsonNode root = new ObjectMapper().readTree(new ReportWriter().json(report()));
        JsonNode first = root.get("results").get(0);
        for (String f : List.of("backend", "guestKind", "accelerator", "bootMs", "txGbps", "rxGbps", "rttMs", "imageMB",
                "memoryMB", "draft")) {
            assertThat(first.has(f)).as("field %s", f).isTrue();
        }
        assertThat(first.get("bootMs").get("median").asDouble()).isEqualTo(250.0);
        assertThat(first.get("bootMs").get("p95").asDouble()).isEqualTo(300.0);
        assertThat(first.get("rttMs").get("mdev").asDouble()).isEqualTo(0.002);
        assertThat(first.get("draft").get("bootMs").asDouble()).isEqualTo(1711.0);
        JsonNode second = root.get("results").get(1);
        assertThat(second.get("bootMs").isNull()).isTrue();
        assertThat(second.get("notes").get("bootMs").asText()).isEqualTo("guest did not answer within 30 s");
    }

    @Test
    void markdownNeverLeavesACellEmptyWithoutAReason(@TempDir Path dir) throws Exception {
        new ReportWriter().writeAll(report(), dir, List.of("boot.png"));
        String md = Files.readString(dir.resolve(ReportWriter.MARKDOWN));
        assertThat(md).contains("| unikernel.unikraft.kvm (tcg) | — guest did not answer within 30 s | 330 (unikernel.osv.kvm) |");
        assertThat(md).contains("| container.docker (runc) | median 250 (min 200, p95 300, max 300, n=3) | 1711 (Container) |");
        assertThat(md).contains("![boot.png](boot.png)");
        assertThat(md).contains("standardvm.xen");
        String csv = Files.readString(dir.resolve(ReportWriter.CSV));
        assertThat(csv.lines()).hasSize(3);
        assertThat(csv).contains("bootMs: guest did not answer within 30 s");
        assertThat(dir.resolve(ReportWriter.JSON)).exists();
    }
}
