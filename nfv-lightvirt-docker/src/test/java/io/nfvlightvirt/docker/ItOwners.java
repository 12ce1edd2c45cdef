package io.nfvlightvirt.docker;

import java.util.Set;
import java.util.TreeSet;

/**
 * The owner ids the integration tests of this run used, so that {@link DockerLeftoversIT}, which
 * runs last, can check with the Docker CLI that none of them left anything on the engine.
 */
final class ItOwners {
    private static final Set<String> OWNERS = new TreeSet<>();

    private ItOwners() {}

    /**
     * @param owner an owner id a test opened a backend with
     * @return the same id
     */
    static synchronized String register(String owner) {
        OWNERS.add(owner);
        return owner;
    }

    /** @return every owner registered so far */
    static synchronized Set<String> all() {
        return Set.copyOf(OWNERS);
    }

    /**
     * @param purpose a word for the test class
     * @return a fresh registered owner id
     */
    static String fresh(String purpose) {
        return register("dockerit-" + purpose + "-" + Long.toHexString(System.nanoTime() & 0xFFFFFFL));
    }
}
