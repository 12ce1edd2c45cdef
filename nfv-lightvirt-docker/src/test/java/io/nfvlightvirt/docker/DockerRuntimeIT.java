package io.nfvlightvirt.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nfvlightvirt.Ownership;
import io.nfvlightvirt.UnsupportedCapabilityException;
import io.nfvlightvirt.VnfInstance;
import io.nfvlightvirt.VnfState;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The runtime option and the accelerator an instance reports. */
@Tag("docker")
class DockerRuntimeIT extends DockerItSupport {

    @Test
    void withoutTheOptionTheEnginesDefaultRuncRunsTheGuestAndIsTheAccelerator() {
        VnfInstance i = backend.run(spec("rt-default").build());
        assertThat(i.accelerator()).isEqualTo("runc");
        assertThat(backend.inspect(i.id()).accelerator()).isEqualTo("runc");
    }

    @Test
    void runcCanBeAskedForExplicitly() {
        VnfInstance i = backend.run(spec("rt-runc").option("runtime", "runc").build());
        assertThat(i.accelerator()).isEqualTo("runc");
        assertThat(DockerCli.inspect("{{.HostConfig.Runtime}}", i.id())).isEqualTo("runc");
    }

    @Test
    void runscRunsTheGuestOrIsRefusedWithAReasonAndLeavesNothing() {
        boolean registered = String.join(" ", DockerCli.ok("info", "-f", "{{json .Runtimes}}")).contains("\"runsc\"");
        assumeTrue(registered, "gVisor's runsc is not registered on this engine (DockerBadSpecIT covers that case)");
        try {
            VnfInstance i = backend.run(spec("rt-runsc").option("runtime", "runsc").build());
            assertThat(i.accelerator()).isEqualTo("runsc");
            assertThat(i.state()).isEqualTo(VnfState.RUNNING);
        } catch (UnsupportedCapabilityException e) {
            assertThat(e).hasMessageContaining("runsc").hasMessageContaining("probe");
            assertThat(DockerCli.containers(Ownership.OWNER + "=" + owner)).isEmpty();
        }
        assertThat(DockerCli.containers(DockerBackend.LABEL_PROBE)).as("the runtime probe container is removed").isEmpty();
    }
}
