package io.nfvlightvirt;

/** Where an instance is in its lifecycle, as the engine reports it. */
public enum VnfState {
    /** Defined on the engine, never started. */
    CREATED,
    /** Running. */
    RUNNING,
    /** Frozen by {@link VirtualizationBackend#pause(String)}; keeps its memory. */
    PAUSED,
    /** Stopped by {@link VirtualizationBackend#stop(String)} or exited on its own. */
    STOPPED,
    /** The guest crashed or was killed (e.g. out of memory); see {@link VnfInstance#stateReason()}. */
    FAILED,
    /** The engine reports something this library does not map. */
    UNKNOWN
}
