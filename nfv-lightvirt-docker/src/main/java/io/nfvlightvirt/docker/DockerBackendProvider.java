package io.nfvlightvirt.docker;

import io.nfvlightvirt.BackendConfig;
import io.nfvlightvirt.BackendUnavailableException;
import io.nfvlightvirt.VirtualizationBackend;
import io.nfvlightvirt.spi.Availability;
import io.nfvlightvirt.spi.BackendProvider;

/** Provider of the {@code docker} backend, found through {@link java.util.ServiceLoader}. */
public final class DockerBackendProvider implements BackendProvider {
    /** The id users select this backend by. */
    public static final String ID = "docker";

    /** Does no I/O. */
    public DockerBackendProvider() {}

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int priority() {
        return 300;
    }

    @Override
    public Availability probe(BackendConfig config) {
        return Availability.unusable("the docker backend is not implemented in this version of nfv-lightvirt");
    }

    @Override
    public VirtualizationBackend open(BackendConfig config) {
        throw new BackendUnavailableException("backend 'docker' cannot be opened: " + probe(config).reason());
    }
}
