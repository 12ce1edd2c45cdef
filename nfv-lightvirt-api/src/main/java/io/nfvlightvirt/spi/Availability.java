package io.nfvlightvirt.spi;

import java.util.Objects;

/**
 * Whether a provider can be used on this host, and if not, why, in words that say what to do.
 *
 * @param usable whether {@link BackendProvider#open} is expected to work
 * @param reason a human explanation: for a usable provider what was found (engine and version),
 *     for an unusable one what is missing and how to fix it
 */
public record Availability(boolean usable, String reason) {
    /** Checks the reason is given. */
    public Availability {
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * @param what what was found, e.g. "Docker Engine 20.10.24 (API 1.41) at unix:///var/run/docker.sock"
     * @return a usable result
     */
    public static Availability usable(String what) {
        return new Availability(true, what);
    }

    /**
     * @param why what is missing and what to start or set
     * @return an unusable result
     */
    public static Availability unusable(String why) {
        return new Availability(false, why);
    }
}
