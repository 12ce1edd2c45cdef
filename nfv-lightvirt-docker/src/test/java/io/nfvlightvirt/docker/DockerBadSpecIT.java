package io.nfvlightvirt.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nfvlightvirt.GuestKind;
import io.nfvlightvirt.ImageRef;
import io.nfvlightvirt.InvalidSpecException;
import io.nfvlightvirt.NetworkAttachment;
import io.nfvlightvirt.OperationFailedException;
import io.nfvlightvirt.Ownership;
import io.nfvlightvirt.ResourceLimits;
import io.nfvlightvirt.UnsupportedCapabilityException;
import io.nfvlightvirt.VnfSpec;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Bad specs give a specific error naming field, value and rule, and leave nothing on the engine. */
@Tag("docker")
class DockerBadSpecIT extends DockerItSupport {

    private void assertRejected(ThrowingCallable call, String field, String valueFragment) {
        assertThatThrownBy(call).isInstanceOf(InvalidSpecException.class)
                .satisfies(e -> {
                    InvalidSpecException i = (InvalidSpecException) e;
                    assertThat(i.field()).isEqualTo(field);
                    assertThat(i.value()).contains(valueFragment);
                    assertThat(i.rule()).isNotBlank();
                });
        assertNothingCreated();
    }

    private void assertNothingCreated() {
        assertThat(backend.list()).isEmpty();
        assertThat(DockerCli.containers(Ownership.OWNER + "=" + owner)).isEmpty();
        assertThat(DockerCli.networks(Ownership.OWNER + "=" + owner)).isEmpty();
    }


    @Test
    void aNameWithIllegalCharactersIsRejected() {
        assertRejected(() -> backend.create(VnfSpec.builder("Fire_Wall!", GuestKind.CONTAINER).build()), "name", "Fire_Wall!");
    }

    @Test
    void negativeMemoryIsRejected() {
        assertRejected(() -> backend.create(spec("bad-mem").memoryBytes(-1).build()), "memoryBytes", "-1");
    }

    @Test
    void memoryBelowTheEnginesMinimumIsRejected() {
        assertRejected(() -> backend.create(spec("bad-mem").memoryMiB(5).build()), "memoryBytes", "5242880");
    }

    @Test
    void anImageTheEngineDoesNotHaveIsRejectedAndNothingIsPulled() {
        assertRejected(() -> backend.create(spec("bad-img").image(ImageRef.container("nfvlv-no-such-image:0")).build()),
                "image", "nfvlv-no-such-image:0");
        assertThatThrownBy(() -> backend.create(spec("bad-img").image(ImageRef.container("busybox:no-such-tag")).build()))
                .hasMessageContaining("no registry");
        assertThat(DockerCli.images("reference=busybox")).isEmpty();
    }

    @Test
    void anUnknownRuntimeIsRejectedNamingTheEnginesRuntimes() {
        assertRejected(() -> backend.create(spec("bad-rt").option("runtime", "kata-nope").build()), "options.runtime", "kata-nope");
        assertThatThrownBy(() -> backend.create(spec("bad-rt").option("runtime", "kata-nope").build()))
                .hasMessageContaining("runc");
    }

    @Test
    void anUnknownOptionKeyIsRejectedNamingTheAllowedKeys() {
        assertRejected(() -> backend.create(spec("bad-opt").option("runtme", "runc").build()), "options", "runtme");
        assertThatThrownBy(() -> backend.create(spec("bad-opt").option("runtme", "runc").build()))
                .hasMessageContaining("command").hasMessageContaining("runtime");
    }

    @Test
    void anAddressOutsideTheSubnetIsRejected() {
        assertRejected(() -> backend.create(spec("bad-ip").network(NetworkAttachment.fixed("192.0.2.77")).build()),
                "network.ipv4", "192.0.2.77");
    }

    @Test
    void moreCpusThanTheHostHasIsRejected() {
        assertRejected(() -> backend.create(spec("bad-cpu").limits(ResourceLimits.none().withCpus(1000)).build()),
                "limits.cpus", "1000");
    }

    @Test
    void aVmGuestKindIsAnUnsupportedCapability() {
        assertThatThrownBy(() -> backend.create(VnfSpec.builder("bad-kind", GuestKind.TINYX).build()))
                .isInstanceOf(UnsupportedCapabilityException.class).hasMessageContaining("TINYX");
        assertNothingCreated();
    }

    @Test
    void aStartThatFailsLeavesNothingBehind() throws Exception {
        String image = TestImages.busyboxImage(owner, "broken", "[\"/no/such/program\"]");
        assertThatThrownBy(() -> backend.run(spec("bad-start").image(ImageRef.container(image)).build()))
                .isInstanceOf(OperationFailedException.class)
                .hasMessageContaining("bad-start").hasMessageContaining("/no/such/program");
        assertNothingCreated();
    }
}
