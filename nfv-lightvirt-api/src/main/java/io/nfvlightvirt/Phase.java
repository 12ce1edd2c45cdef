package io.nfvlightvirt;

/**
 * Milestones of an instance's provisioning, recorded as {@link java.time.Instant}s in
 * {@link VnfInstance#timeline()}. The draft's instantiation time runs from {@link #CREATE_CALLED}
 * to the first answer to a SYN, which the boot detector in {@code nfv-lightvirt-probes} adds.
 */
public enum Phase {
    /** {@code create} was entered. */
    CREATE_CALLED,
    /** The guest image was available (built, found in the cache, or given). */
    IMAGE_READY,
    /** The engine object (container, domain) exists. */
    CREATED,
    /** {@code start} was entered. */
    START_CALLED,
    /** {@code start} returned: the engine says the guest runs. */
    STARTED
}
