package io.nfvlightvirt.kvm;

import io.nfvlightvirt.testkit.ProviderDiscoveryAssertions;
import org.junit.jupiter.api.Test;

class KvmProviderDiscoveryTest {
    @Test
    void serviceLoaderFindsTheProviderFromTheShippedServicesFile() {
        ProviderDiscoveryAssertions.assertDiscoverable(KvmBackendProvider.class, KvmBackendProvider.ID);
    }
}
