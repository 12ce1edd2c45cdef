package io.nfvlightvirt.xen;

import io.nfvlightvirt.BackendConfig;
import io.nfvlightvirt.BackendUnavailableException;
import io.nfvlightvirt.VirtualizationBackend;
import io.nfvlightvirt.spi.Availability;
import io.nfvlightvirt.spi.BackendProvider;

/** Provider of the {@code xen} backend, found through {@link java.util.ServiceLoader}. */
public final class XenBackendProvider implements BackendProvider {
    /** The id users select this backend by. */
    public static final String ID = "xen";

    /** Does no I/O. */
    public XenBackendProvider() {}

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public Availability probe(BackendConfig config) {
        return Availability.unusable("the xen backend is not implemented in this version of nfv-lightvirt");
    }

    @Override
    public VirtualizationBackend open(BackendConfig config) {
        throw new BackendUnavailableException("backend 'xen' cannot be opened: " + probe(config).reason());
    }
}
