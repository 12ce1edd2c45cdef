package io.nfvlightvirt.libvirt.image;

import java.util.List;

/** Which kernel a Tinyx guest gets; see {@link GuestImages#tinyx(TinyxFlavor, BuildProgress)}. */
public enum TinyxFlavor {
    /**
     * A kernel compiled from Debian's {@code linux-source} with {@code make tinyconfig} plus
     * {@code tinyx-base.config}: QEMU with KVM or TCG, virtio-net over PCI or MMIO, console on ttyS0.
     */
    QEMU_KVM("qemu-kvm", List.of("tinyx-base.config", "nfvlv-tinyx.config")),
    /**
     * The same plus {@code tinyx-xen.config}: also a Xen PV/PVH domU with netfront and the hvc0
     * console (and ACPI, which PVH needs). Boots under QEMU too, a little slower.
     */
    XEN("xen", List.of("tinyx-base.config", "tinyx-xen.config", "nfvlv-tinyx.config", "nfvlv-tinyx-xen.config")),
    /**
     * No compile: Debian's cloud kernel ({@code linux-image-cloud-amd64}: the installed one, else
     * its package unpacked into the cache, not installed) with its virtio modules loaded by the
     * initramfs. The fallback when no kernel source (or compiler) is installed.
     */
    DEBIAN_CLOUD_KERNEL("debian-cloud", List.of());

    private final String id;
    private final List<String> fragments;

    TinyxFlavor(String id, List<String> fragments) {
        this.id = id;
        this.fragments = fragments;
    }

    /** @return a short name used in cache entry names, e.g. {@code qemu-kvm} */
    public String id() {
        return id;
    }

    /** @return whether this flavour compiles a kernel from source */
    public boolean compiled() {
        return !fragments.isEmpty();
    }

    /** @return the Kconfig fragments applied on top of tinyconfig, in order (resources of this package) */
    List<String> fragments() {
        return fragments;
    }
}
