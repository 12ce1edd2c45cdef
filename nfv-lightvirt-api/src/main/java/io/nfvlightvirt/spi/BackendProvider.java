package io.nfvlightvirt.spi;

import io.nfvlightvirt.BackendConfig;
import io.nfvlightvirt.VirtualizationBackend;

/**
 * What {@link java.util.ServiceLoader} finds: a cheap, stateless factory for one kind of backend,
 * registered in {@code META-INF/services/io.nfvlightvirt.spi.BackendProvider} by each backend
 * module. Like a JDBC {@code Driver}: its constructor does no I/O; {@link #probe} looks at the host
 * and says whether the engine can be used; {@link #open} makes the expensive connection.
 */
public interface BackendProvider {

    /** @return the backend id users select by, e.g. {@code "docker"}; unique among providers */
    String id();

    /**
     * @return the order in which automatic selection tries providers; higher first. Containers
     *     are cheapest to run, so {@code docker} has the highest priority among the built-ins.
     */
    int priority();

    /**
     * A quick check (well under a second when the engine is up) of whether this backend can run
     * here with this configuration. Never throws: problems are reported in the result.
     *
     * @param config the configuration {@link #open} would get
     * @return availability with a human reason
     */
    Availability probe(BackendConfig config);

    /**
     * Opens the backend.
     *
     * @param config where the engine is, the owner id and provider options
     * @return an open backend; close it when done
     * @throws io.nfvlightvirt.BackendUnavailableException when the engine cannot be reached, saying what to start
     * @throws io.nfvlightvirt.InvalidSpecException when an option is unknown or malformed
     */
    VirtualizationBackend open(BackendConfig config);
}
