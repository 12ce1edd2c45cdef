package io.nfvlightvirt.xen;

import io.nfvlightvirt.testkit.ProviderDiscoveryAssertions;
import org.junit.jupiter.api.Test;

class XenProviderDiscoveryTest {
    @Test
    void serviceLoaderFindsTheProviderFromTheShippedServicesFile() {
        ProviderDiscoveryAssertions.assertDiscoverable(XenBackendProvider.class, XenBackendProvider.ID);
    }
}
