package io.nfvlightvirt;

import io.nfvlightvirt.internal.Checks;
import java.util.regex.Pattern;

/**
 * The labels (Docker) or metadata (libvirt) that mark an engine object as created by
 * nfv-lightvirt, and by which owner. {@link VirtualizationBackend#list()} and every cleanup look
 * only at objects carrying {@link #MANAGED} and this backend's {@link #OWNER} value, so two
 * orchestrators (or two test runs) sharing one engine never see or remove each other's objects.
 */
public final class Ownership {
    /** Prefix reserved for the library's labels; user labels may not start with it. */
    public static final String PREFIX = "io.nfvlightvirt.";
    /** Present, with value {@code "true"}, on every object the library creates. */
    public static final String MANAGED = PREFIX + "managed";
    /** The owner id of the backend that created the object (see {@link BackendConfig#owner()}). */
    public static final String OWNER = PREFIX + "owner";
    /** The instance name the object belongs to. */
    public static final String INSTANCE = PREFIX + "instance";
    /** The guest kind of the instance. */
    public static final String GUEST_KIND = PREFIX + "guest-kind";
    /** The default owner id. */
    public static final String DEFAULT_OWNER = "default";

    private static final Pattern OWNER_ID = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");

    private Ownership() {}

    /**
     * @param owner a candidate owner id
     * @return the same id
     * @throws InvalidSpecException unless it is 1-63 characters of a-z, 0-9, '_', '.', '-'
     */
    public static String checkOwner(String owner) {
        return Checks.matches("owner", owner, OWNER_ID,
                "must be 1-63 characters of a-z, 0-9, '_', '.', '-', starting with a letter or digit");
    }
}
