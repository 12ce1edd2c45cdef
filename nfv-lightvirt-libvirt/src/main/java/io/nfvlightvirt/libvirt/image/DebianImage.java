package io.nfvlightvirt.libvirt.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A standard VM: a Debian disk image built with debootstrap, with iperf3 installed and networking
 * configured from the kernel command line (same guest contract as {@link TinyxImage}). It is booted
 * with the kernel and initrd taken from the image (direct kernel boot), which needs no boot loader.
 *
 * @param disk the qcow2 image in the cache; give each instance its own overlay, never the base
 * @param kernel the image's kernel, copied out of it
 * @param initrd the image's initrd, copied out of it
 * @param kernelCmdline the command line the image needs to boot, e.g. {@code root=/dev/vda rw console=ttyS0}
 * @param provenance how it was made, e.g. {@code "debootstrap bookworm + iperf3"}
 */
public record DebianImage(Path disk, Path kernel, Path initrd, String kernelCmdline, String provenance) {
    /** Checks no component is null. */
    public DebianImage {
        Objects.requireNonNull(disk, "disk");
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(initrd, "initrd");
        Objects.requireNonNull(kernelCmdline, "kernelCmdline");
        Objects.requireNonNull(provenance, "provenance");
    }

    /** @return the disk image's size on the host in bytes (qcow2 file size), the draft's image size */
    public long sizeBytes() {
        try {
            return Files.size(disk);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
