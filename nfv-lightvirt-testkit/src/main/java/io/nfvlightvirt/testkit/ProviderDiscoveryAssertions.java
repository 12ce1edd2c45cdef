package io.nfvlightvirt.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.nfvlightvirt.LightVirt;
import io.nfvlightvirt.spi.BackendProvider;
import java.util.ServiceLoader;

/** Checks that a backend module's shipped {@code META-INF/services} file makes its provider discoverable. */
public final class ProviderDiscoveryAssertions {
    private ProviderDiscoveryAssertions() {}

    /**
     * @param type the provider class the module ships
     * @param id the id it must report
     */
    public static void assertDiscoverable(Class<? extends BackendProvider> type, String id) {
        assertThat(ServiceLoader.load(BackendProvider.class).stream().map(ServiceLoader.Provider::type))
                .as("ServiceLoader must find %s through META-INF/services/%s", type.getName(), BackendProvider.class.getName())
                .contains(type);
        assertThat(LightVirt.discover().provider(id))
                .as("LightVirt.discover() must offer a provider with id '%s'", id)
                .get().isInstanceOf(type);
    }
}
