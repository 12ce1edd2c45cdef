package io.nfvlightvirt.kvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nfvlightvirt.GuestKind;
import io.nfvlightvirt.ImageRef;
import io.nfvlightvirt.InvalidSpecException;
import io.nfvlightvirt.VnfSpec;
import io.nfvlightvirt.libvirt.image.BuildProgress;
import io.nfvlightvirt.libvirt.image.DebianImage;
import io.nfvlightvirt.libvirt.image.TinyxImage;
import io.nfvlightvirt.libvirt.net.Ipv4Subnet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuestPlanTest {
    private static final Ipv4Subnet NET = Ipv4Subnet.parse("10.150.7.0/24");

    @TempDir
    Path tmp;
    private Path kernel;
    private Path initrd;
    private Path disk;
    private GuestImageSource images;

    @BeforeEach
    void files() throws Exception {
        kernel = Files.write(tmp.resolve("kernel"), new byte[1000]);
        initrd = Files.write(tmp.resolve("initrd"), new byte[500]);
        disk = Files.write(tmp.resolve("disk.qcow2"), new byte[4000]);
        images = new GuestImageSource() {
            @Override
            public TinyxImage tinyx(BuildProgress p) {
                return new TinyxImage(kernel, initrd, "6.1.158-tinyx", "tinyx config");
            }

            @Override
            public DebianImage debian(BuildProgress p) {
                return new DebianImage(disk, kernel, initrd, "root=/dev/vda rw console=ttyS0", "debootstrap");
            }
        };
    }

    private GuestPlan plan(VnfSpec spec) {
        return GuestPlan.of(spec, images, Optional.of(kernel), BuildProgress.none());
    }

    private String cmdline(GuestPlan p) {
        return p.cmdline("10.150.7.2", NET, "10.150.7.1", "52:54:0a:96:07:02");
    }

    @Test
    void unikraftGuestsGetTheirAddressBeforeTheArgumentSeparator() {
        assertThat(cmdline(plan(VnfSpec.builder("u", GuestKind.UNIKERNEL).build())))
                .isEqualTo("netdev.ip=10.150.7.2/24:10.150.7.1 --");
        assertThat(cmdline(plan(VnfSpec.builder("u", GuestKind.UNIKERNEL).image(ImageRef.kernel(kernel).withCmdline("-- app")).build())))
                .isEqualTo("netdev.ip=10.150.7.2/24:10.150.7.1 -- app");
        assertThat(cmdline(plan(VnfSpec.builder("u", GuestKind.UNIKERNEL).image(ImageRef.kernel(kernel).withCmdline("a b")).build())))
                .as("arguments without a separator are the application's").isEqualTo("netdev.ip=10.150.7.2/24:10.150.7.1 -- a b");
    }

    @Test
    void placeholdersAndVerbatimLeaveTheCommandLineToTheCaller() {
        assertThat(cmdline(plan(VnfSpec.builder("u", GuestKind.UNIKERNEL)
                .image(ImageRef.kernel(kernel).withCmdline("--ip={ip}/{prefix} --gw={gateway} --mac={mac}")).build())))
                .isEqualTo("--ip=10.150.7.2/24 --gw=10.150.7.1 --mac=52:54:0a:96:07:02");
        assertThat(cmdline(plan(VnfSpec.builder("u", GuestKind.UNIKERNEL).image(ImageRef.kernel(kernel).withCmdline("raw"))
                .option("cmdline.syntax", "verbatim").build()))).isEqualTo("raw");
    }

    @Test
    void linuxGuestsFollowTheGuestContract() {
        GuestPlan tinyx = plan(VnfSpec.builder("t", GuestKind.TINYX).build());
        assertThat(cmdline(tinyx)).isEqualTo("console=ttyS0 nfvlv.ip=10.150.7.2/24 nfvlv.gw=10.150.7.1");
        assertThat(tinyx.initrd()).contains(initrd);
        assertThat(tinyx.imageSizeBytes()).isEqualTo(1500);
        GuestPlan vm = plan(VnfSpec.builder("v", GuestKind.STANDARD_VM).memoryMiB(256).build());
        assertThat(cmdline(vm)).isEqualTo("root=/dev/vda rw console=ttyS0 nfvlv.ip=10.150.7.2/24 nfvlv.gw=10.150.7.1");
        assertThat(vm.baseDisk()).contains(disk);
        assertThat(vm.acpi()).isTrue();
        assertThat(vm.imageSizeBytes()).isEqualTo(4000);
    }

    @Test
    void memoryBelowTheGuestsFloorIsRefusedNamingTheFloor() {
        assertThatThrownBy(() -> plan(VnfSpec.builder("v", GuestKind.STANDARD_VM).memoryMiB(64).build()))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.field()).isEqualTo("memoryBytes"))
                .hasMessageContaining("128 MiB");
        assertThatThrownBy(() -> plan(VnfSpec.builder("t", GuestKind.TINYX).memoryMiB(16).build()))
                .hasMessageContaining("36 MiB");
        assertThat(plan(VnfSpec.builder("u", GuestKind.UNIKERNEL).memoryMiB(4).build())).isNotNull();
    }

    @Test
    void aDistributionKernelRaisesTheTinyxFloor() {
        images = new GuestImageSource() {
            @Override
            public TinyxImage tinyx(BuildProgress p) {
                return new TinyxImage(kernel, initrd, "6.1.0-56-cloud-amd64", "fallback");
            }

            @Override
            public DebianImage debian(BuildProgress p) {
                throw new UnsupportedOperationException();
            }
        };
        assertThatThrownBy(() -> plan(VnfSpec.builder("t", GuestKind.TINYX).memoryMiB(64).build())).hasMessageContaining("96 MiB");
    }

    @Test
    void imagesThatDoNotFitTheKindOrDoNotExistAreRefusedWithTheirField() {
        assertThatThrownBy(() -> plan(VnfSpec.builder("u", GuestKind.UNIKERNEL).image(ImageRef.kernel(tmp.resolve("nope"))).build()))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.field()).isEqualTo("image.kernel"));
        assertThatThrownBy(() -> plan(VnfSpec.builder("u", GuestKind.UNIKERNEL).image(ImageRef.kernel(kernel).withInitrd(tmp.resolve("x")))
                .build())).isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.field()).isEqualTo("image.initrd"));
        assertThatThrownBy(() -> plan(VnfSpec.builder("t", GuestKind.TINYX).image(ImageRef.disk(disk)).build()))
                .hasMessageContaining("TINYX guest boots a kernel");
        assertThatThrownBy(() -> plan(VnfSpec.builder("v", GuestKind.STANDARD_VM).image(ImageRef.kernel(kernel)).memoryMiB(256).build()))
                .hasMessageContaining("STANDARD_VM boots a disk");
        assertThatThrownBy(() -> plan(VnfSpec.builder("u", GuestKind.UNIKERNEL).image(ImageRef.kernel(kernel)
                .withCmdline("netdev.ip=1.2.3.4/24 --")).build())).hasMessageContaining("must not set netdev.ip");
        assertThatThrownBy(() -> plan(VnfSpec.builder("u", GuestKind.UNIKERNEL).option("bogus", "1").build()))
                .hasMessageContaining("options.bogus");
        assertThatThrownBy(() -> GuestPlan.of(VnfSpec.builder("u", GuestKind.UNIKERNEL).build(), images, Optional.empty(),
                BuildProgress.none())).hasMessageContaining("unikernel.builtin");
    }
}
