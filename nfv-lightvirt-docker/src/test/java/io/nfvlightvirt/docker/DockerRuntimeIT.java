package io.nfvlightvirt.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nfvlightvirt.Ownership;
import io.nfvlightvirt.UnsupportedCapabilityException;
import io.nfvlightvirt.VirtualizationBackend;
import io.nfvlightvirt.VnfInstance;
import io.nfvlightvirt.VnfState;
import java.net.URI;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The runtime option and the accelerator an instance reports. */
@Tag("docker")
class DockerRuntimeIT extends DockerItSupport {
    /** System property naming an engine that has gVisor's runsc registered. */
    static final String RUNSC_ENGINE = "nfvlv.docker.runsc.engine";

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

    /**
     * Against the engine in system property {@value #RUNSC_ENGINE} (an engine with gVisor registered,
     * e.g. the private one {@code scripts/private-runsc-engine.sh} starts), else the default engine.
     * Where runsc is registered, it either runs the guest or is refused with the probe's reason;
     * where it is not, it is refused saying how to install it. Either way nothing is left behind.
     */
    @Test
    void runscRunsTheGuestOrIsRefusedWithAReasonAndLeavesNothing() {
        String uri = System.getProperty(RUNSC_ENGINE);
        VirtualizationBackend b = uri == null ? backend : open(config().withEngineUri(URI.create(uri)));
        String[] host = uri == null ? new String[0] : new String[] {"-H", uri};
        boolean registered = String.join(" ", DockerCli.ok(concat(host, "info", "-f", "{{json .Runtimes}}"))).contains("\"runsc\"");
        if (registered) {
            try {
                VnfInstance i = b.run(spec("rt-runsc").option("runtime", "runsc").build());
                assertThat(i.accelerator()).isEqualTo("runsc");
                assertThat(i.state()).isEqualTo(VnfState.RUNNING);
                b.destroy(i.id());
            } catch (UnsupportedCapabilityException e) {
                assertThat(e).hasMessageContaining("runsc").hasMessageContaining("probe");
            }
        } else {
            assertThatThrownBy(() -> b.create(spec("rt-runsc").option("runtime", "runsc").build()))
                    .isInstanceOf(UnsupportedCapabilityException.class)
                    .hasMessageContaining("docker").hasMessageContaining("runsc").hasMessageContaining("apt-get install runsc");
        }
        String label = "label=" + Ownership.OWNER + "=" + owner;
        assertThat(DockerCli.ok(concat(host, "ps", "-a", "-q", "--filter", label))).as("containers left").isEmpty();
        assertThat(DockerCli.ok(concat(host, "network", "ls", "-q", "--filter", label))).as("networks left").isEmpty();
        if (uri != null) {
            b.close();
            assertThat(DockerCli.ok(concat(host, "images", "-q", "--filter", "label=" + BuiltinImage.LABEL_IMAGE + "=builtin")))
                    .as("built-in image left on " + uri).isEmpty();
        }
    }

    private static String[] concat(String[] head, String... tail) {
        String[] out = new String[head.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }
}
