package io.nfvlightvirt.libvirt.domain;

/** How the guest CPU is described in {@code <cpu>}. */
public enum CpuMode {
    /** No {@code <cpu>} element: the hypervisor's default model ({@code qemu64} for QEMU on x86). */
    HYPERVISOR_DEFAULT,
    /** {@code <cpu mode='host-passthrough'/>}: the host CPU as is (KVM only). */
    HOST_PASSTHROUGH,
    /** {@code <cpu mode='maximum'/>}: every feature the accelerator can offer ({@code -cpu max}). */
    MAXIMUM
}
