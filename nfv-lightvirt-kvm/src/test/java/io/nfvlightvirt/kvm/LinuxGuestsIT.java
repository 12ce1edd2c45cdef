package io.nfvlightvirt.kvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.nfvlightvirt.BackendConfig;
import io.nfvlightvirt.GuestKind;
import io.nfvlightvirt.VirtualizationBackend;
import io.nfvlightvirt.VnfInstance;
import io.nfvlightvirt.VnfSpec;
import io.nfvlightvirt.libvirt.image.BuildProgress;
import io.nfvlightvirt.libvirt.image.DebianImage;
import io.nfvlightvirt.testkit.EngineRequirement;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * TINYX and STANDARD_VM guests, built by the library's own image builder ({@code GuestImages}:
 * a compiled Tinyx kernel + busybox/iperf3 initramfs, a debootstrapped Debian disk), answer TCP on
 * their address: iperf3 on 5201, RST on a closed port.
 */
@Tag("libvirt")
class LinuxGuestsIT {
    private final BackendConfig config = BackendConfig.defaults().withOwner("it-linux-" + UUID.randomUUID().toString().substring(0, 8));
    private final GuestImageSource images = GuestImageSource.guestImages(java.util.Optional.empty());
    private final KvmBackendProvider provider = new KvmBackendProvider();
    private VirtualizationBackend backend;

    @BeforeEach
    void open() {
        EngineRequirement.require(provider, config);
        backend = provider.open(config);
    }

    @AfterEach
    void cleanUp() {
        if (backend != null) {
            backend.list().forEach(i -> backend.destroy(i.id()));
            backend.close();
        }
    }

    @Test
    void tinyxGuestAnswersOnItsAddressAndDestroyLeavesNothing() {
        VnfInstance i = backend.run(VnfSpec.builder("tinyx", GuestKind.TINYX).memoryMiB(128).build());
        String ip = i.ipv4().orElseThrow();
        assertThat(Tcp.awaitSynAck(ip, 5201, Duration.ofSeconds(120)).answer()).as("service port").isEqualTo(Tcp.Answer.SYN_ACK);
        assertThat(Tcp.awaitAnswer(ip, 22, Duration.ofSeconds(10)).answer()).as("closed port").isEqualTo(Tcp.Answer.RST);
        assertThat(backend.usage(i.id()).memoryBytes()).isPositive();
        GuestChecks.domainXmlValidates(i);
        backend.destroy(i.id());
        GuestChecks.nothingLeftOf(i);
    }

    @Test
    void standardVmBootsFromItsOwnOverlayAnswersAndDestroyLeavesNothing() throws Exception {
        DebianImage base = images.debian(BuildProgress.none());
        FileTime baseModified = Files.getLastModifiedTime(base.disk());
        Object baseOwner = Files.getAttribute(base.disk(), "unix:uid");
        VnfInstance i = backend.run(VnfSpec.builder("debian", GuestKind.STANDARD_VM).memoryMiB(192).build());
        assertThat(GuestChecks.instanceDir(i).resolve("disk.qcow2")).as("the instance's own overlay").exists();
        String ip = i.ipv4().orElseThrow();
        assertThat(Tcp.awaitSynAck(ip, 5201, Duration.ofSeconds(240)).answer()).as("service port").isEqualTo(Tcp.Answer.SYN_ACK);
        assertThat(Tcp.awaitAnswer(ip, 22, Duration.ofSeconds(10)).answer()).as("closed port").isEqualTo(Tcp.Answer.RST);
        GuestChecks.domainXmlValidates(i);
        backend.destroy(i.id());
        GuestChecks.nothingLeftOf(i);
        assertThat(Files.getLastModifiedTime(base.disk())).as("the base image is never written").isEqualTo(baseModified);
        assertThat(Files.getAttribute(base.disk(), "unix:uid")).as("libvirt never changes the base image's owner")
                .isEqualTo(baseOwner);
    }
}
