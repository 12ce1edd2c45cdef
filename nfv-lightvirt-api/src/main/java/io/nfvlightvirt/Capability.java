package io.nfvlightvirt;

/** An optional operation or property a backend may offer; see {@link Capabilities}. */
public enum Capability {
    /** {@link VirtualizationBackend#pause(String)} and {@link VirtualizationBackend#resume(String)}. */
    PAUSE,
    /** {@link VirtualizationBackend#usage(String)} reads live memory and CPU figures. */
    LIVE_STATS,
    /** The spec's memory is enforced as a hard limit. */
    MEMORY_LIMIT,
    /** {@link ResourceLimits#cpus()} is enforced. */
    CPU_LIMIT,
    /** A fixed IPv4 address and MAC can be asked for in {@link NetworkAttachment}. */
    FIXED_ADDRESS,
    /** {@link VirtualizationBackend#imageSizeBytes(String)} reports the guest image's size. */
    IMAGE_SIZE
}
