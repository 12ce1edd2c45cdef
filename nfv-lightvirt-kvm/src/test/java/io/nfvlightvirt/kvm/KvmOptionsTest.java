package io.nfvlightvirt.kvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nfvlightvirt.InvalidSpecException;
import io.nfvlightvirt.libvirt.net.Ipv4Subnet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KvmOptionsTest {

    private static KvmOptions parse(Map<String, String> o) {
        return KvmOptions.from(o, k -> null, k -> null);
    }

    @Test
    void defaultsAreAutoAcceleratorAndTheFastDomainProfile() {
        KvmOptions o = parse(Map.of());
        assertThat(o.accelerator()).isEqualTo("auto");
        assertThat(o.probeTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.networkCidr()).isEmpty();
        assertThat(o.instancesDir()).isEqualTo(Path.of("/var/lib/nfv-lightvirt/instances"));
        assertThat(o.skipCpuFeatureQuery()).isTrue();
        assertThat(o.consoleLog()).isTrue();
        assertThat(o.unikernelBuiltin()).isEmpty();
        assertThat(o.tinyxKernel()).isEqualTo("auto");
    }

    @Test
    void everyOptionIsRead() {
        KvmOptions o = parse(Map.of("accelerator", "TCG", "accelerator.probe-timeout", "800ms", "network.cidr", "10.150.7.0/24",
                "instances.dir", "/tmp/i", "unikernel.builtin", "/x/uk", "libvirt.skip-cpu-feature-query", "false",
                "console", "none", "stop.timeout", "PT1S", "tinyx.kernel", "No-Compile"));
        assertThat(o.accelerator()).isEqualTo("tcg");
        assertThat(o.probeTimeout()).isEqualTo(Duration.ofMillis(800));
        assertThat(o.networkCidr()).contains(Ipv4Subnet.parse("10.150.7.0/24"));
        assertThat(o.unikernelBuiltin()).contains(Path.of("/x/uk"));
        assertThat(o.skipCpuFeatureQuery()).isFalse();
        assertThat(o.consoleLog()).isFalse();
        assertThat(o.stopTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.tinyxKernel()).isEqualTo("no-compile");
    }

    @Test
    void theBuiltinUnikernelFallsBackToSystemPropertyThenEnvironment() {
        assertThat(KvmOptions.from(Map.of(), k -> k.equals(KvmOptions.UNIKERNEL_PROPERTY) ? "/p/uk" : null, k -> "/e/uk")
                .unikernelBuiltin()).contains(Path.of("/p/uk"));
        assertThat(KvmOptions.from(Map.of(), k -> null, k -> k.equals(KvmOptions.UNIKERNEL_ENV) ? "/e/uk" : null)
                .unikernelBuiltin()).contains(Path.of("/e/uk"));
    }

    @Test
    void badValuesNameTheOptionAndWhatIsAllowed() {
        assertThatThrownBy(() -> parse(Map.of("nope", "1"))).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("options.nope").hasMessageContaining("accelerator");
        assertThatThrownBy(() -> parse(Map.of("accelerator", "xen"))).hasMessageContaining("auto, kvm or tcg");
        assertThatThrownBy(() -> parse(Map.of("network.cidr", "10.1.0.0/16"))).hasMessageContaining("/24");
        assertThatThrownBy(() -> parse(Map.of("network.cidr", "banana"))).hasMessageContaining("IPv4");
        assertThatThrownBy(() -> parse(Map.of("accelerator.probe-timeout", "soon"))).hasMessageContaining("duration");
        assertThatThrownBy(() -> parse(Map.of("accelerator.probe-timeout", "0s"))).hasMessageContaining("more than 0");
        assertThatThrownBy(() -> parse(Map.of("instances.dir", "relative"))).hasMessageContaining("absolute");
        assertThatThrownBy(() -> parse(Map.of("console", "pty"))).hasMessageContaining("file or none");
        assertThatThrownBy(() -> parse(Map.of("tinyx.kernel", "vmlinuz"))).hasMessageContaining("options.tinyx.kernel")
                .hasMessageContaining("vmlinuz").hasMessageContaining("auto, compiled, debian-cloud or no-compile");
    }
}
