package io.nfvlightvirt.libvirt.domain;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Direct kernel boot ({@code <os><kernel>/<initrd>/<cmdline>}): the hypervisor loads the kernel
 * itself, no boot loader. libvirt may change the owner of these files: hand it private copies.
 *
 * @param kernel the kernel image (bzImage, multiboot ELF, unikernel)
 * @param initrd the initramfs, if any
 * @param cmdline the kernel command line (may be empty)
 */
public record KernelBoot(Path kernel, Optional<Path> initrd, String cmdline) {
    /** Checks the values. */
    public KernelBoot {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(initrd, "initrd");
        Objects.requireNonNull(cmdline, "cmdline");
        XmlText.check("kernel", kernel.toString());
        initrd.ifPresent(p -> XmlText.check("initrd", p.toString()));
        XmlText.check("cmdline", cmdline);
    }
}
