package io.nfvlightvirt.libvirt.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TinyxBuilderTest {
    @TempDir
    Path dir;

    @Test
    void countsCompiledObjectsInAKbuildLog() throws IOException {
        Path log = Files.writeString(dir.resolve("make.log"), """
                  SYNC    include/config/auto.conf.cmd
                  HOSTCC  scripts/basic/fixdep
                  CC      scripts/mod/empty.o
                  CC      init/main.o
                  CC [M]  drivers/net/virtio_net.o
                  AS      arch/x86/entry/entry_64.o
                  LD      vmlinux
                """);
        assertThat(TinyxBuilder.countCompiled(log)).isEqualTo(2);
        assertThat(TinyxBuilder.countCompiled(dir.resolve("absent.log"))).isZero();
    }

    @Test
    void versionKeySortsKernelReleasesNumerically() {
        assertThat(TinyxBuilder.versionKey("vmlinuz-6.1.0-56-cloud-amd64"))
                .isGreaterThan(TinyxBuilder.versionKey("vmlinuz-6.1.0-9-cloud-amd64"));
        assertThat(TinyxBuilder.versionKey("vmlinuz-6.10.0-1-cloud-amd64"))
                .isGreaterThan(TinyxBuilder.versionKey("vmlinuz-6.9.0-1-cloud-amd64"));
    }

    @Test
    void withoutKernelSourceTheReasonSaysWhatToInstall() {
        TinyxBuilder b = new TinyxBuilder(new ImageCache(dir.resolve("cache")), dir.resolve("no-src"), dir, dir);
        assertThat(b.whyNoCompile()).hasValueSatisfying(why -> assertThat(why).contains("apt-get install linux-source"));
    }

    @Test
    void findsTheNewestKernelSourceTarball() throws IOException {
        Files.writeString(dir.resolve("linux-source-5.10.tar.xz"), "");
        Files.writeString(dir.resolve("linux-source-6.1.tar.xz"), "");
        Files.writeString(dir.resolve("linux-source-6.1.tar.xz.part"), "");
        assertThat(KernelSource.find(dir)).hasValueSatisfying(s -> assertThat(s.tarball()).isEqualTo(dir.resolve("linux-source-6.1.tar.xz")));
    }

    @Test
    void everyCompiledFlavourEndsWithOurAdditions() {
        assertThat(TinyxFlavor.QEMU_KVM.fragments()).startsWith("tinyx-base.config").endsWith("nfvlv-tinyx.config");
        assertThat(TinyxFlavor.XEN.fragments()).contains("tinyx-xen.config", "nfvlv-tinyx.config").endsWith("nfvlv-tinyx-xen.config");
        assertThat(TinyxFlavor.DEBIAN_CLOUD_KERNEL.compiled()).isFalse();
    }
}
