package io.nfvlightvirt.kvm;

import io.nfvlightvirt.BackendConfig;
import io.nfvlightvirt.BackendUnavailableException;
import io.nfvlightvirt.VirtualizationBackend;
import io.nfvlightvirt.spi.Availability;
import io.nfvlightvirt.spi.BackendProvider;

/** Provider of the {@code kvm} backend, found through {@link java.util.ServiceLoader}. */
public final class KvmBackendProvider implements BackendProvider {
    /** The id users select this backend by. */
    public static final String ID = "kvm";

    /** Does no I/O. */
    public KvmBackendProvider() {}

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int priority() {
        return 200;
    }

    @Override
    public Availability probe(BackendConfig config) {
        return Availability.unusable("the kvm backend is not implemented in this version of nfv-lightvirt");
    }

    @Override
    public VirtualizationBackend open(BackendConfig config) {
        throw new BackendUnavailableException("backend 'kvm' cannot be opened: " + probe(config).reason());
    }
}
