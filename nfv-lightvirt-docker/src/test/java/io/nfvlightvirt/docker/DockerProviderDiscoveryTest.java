package io.nfvlightvirt.docker;

import io.nfvlightvirt.testkit.ProviderDiscoveryAssertions;
import org.junit.jupiter.api.Test;

class DockerProviderDiscoveryTest {
    @Test
    void serviceLoaderFindsTheProviderFromTheShippedServicesFile() {
        ProviderDiscoveryAssertions.assertDiscoverable(DockerBackendProvider.class, DockerBackendProvider.ID);
    }
}
