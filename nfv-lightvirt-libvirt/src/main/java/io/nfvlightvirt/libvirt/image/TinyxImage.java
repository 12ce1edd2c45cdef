package io.nfvlightvirt.libvirt.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A Tinyx guest as the draft builds it: a tailored Linux kernel plus a small initramfs holding
 * busybox, iperf3 and an init that configures the address given on the kernel command line.
 *
 * <p>Guest contract (shared with {@link DebianImage}): the kernel command line parameter
 * {@code nfvlv.ip=A.B.C.D/NN} sets eth0's address, optional {@code nfvlv.gw=A.B.C.D} the default
 * route; the guest runs {@code iperf3 -s} on TCP 5201 and leaves every other port closed, so a SYN
 * to any other port is answered with RST. Console on {@code ttyS0} (KVM) or {@code hvc0} (Xen).
 *
 * @param kernel the kernel image (bzImage), in the cache; hand the hypervisor a private copy
 * @param initramfs the initramfs (cpio, compressed), in the cache
 * @param kernelRelease the kernel's release string, e.g. {@code 6.1.158-tinyx}
 * @param provenance how it was made, e.g. {@code "linux-source-6.1 + tinyx config"} or {@code "debian cloud kernel (fallback)"}
 */
public record TinyxImage(Path kernel, Path initramfs, String kernelRelease, String provenance) {
    /** Checks no component is null. */
    public TinyxImage {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(initramfs, "initramfs");
        Objects.requireNonNull(kernelRelease, "kernelRelease");
        Objects.requireNonNull(provenance, "provenance");
    }

    /** @return kernel + initramfs size in bytes, the draft's image size for Tinyx */
    public long sizeBytes() {
        try {
            return Files.size(kernel) + Files.size(initramfs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
