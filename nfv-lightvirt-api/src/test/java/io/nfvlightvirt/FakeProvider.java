package io.nfvlightvirt;

import io.nfvlightvirt.spi.Availability;
import io.nfvlightvirt.spi.BackendProvider;
import java.lang.reflect.Proxy;

/** A provider for unit tests of selection; its backend answers only id() and close(). */
class FakeProvider implements BackendProvider {
    private final String id;
    private final int priority;
    private final boolean usable;

    FakeProvider(String id, int priority, boolean usable) {
        this.id = id;
        this.priority = priority;
        this.usable = usable;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int priority() {
        return priority;
    }

    @Override
    public Availability probe(BackendConfig config) {
        return usable ? Availability.usable(id + " is on") : Availability.unusable(id + " is switched off in this test");
    }

    @Override
    public VirtualizationBackend open(BackendConfig config) {
        return (VirtualizationBackend) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {VirtualizationBackend.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "id": return id;
                        case "close": return null;
                        case "toString": return "fake:" + id;
                        default: throw new UnsupportedOperationException(method.getName());
                    }
                });
    }
}
