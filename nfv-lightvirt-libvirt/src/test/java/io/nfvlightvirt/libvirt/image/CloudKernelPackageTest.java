package io.nfvlightvirt.libvirt.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CloudKernelPackageTest {
    @Test
    void readsTheKernelPackageTheMetaPackageDependsOn() {
        String show = """
                Package: linux-image-cloud-amd64
                Source: linux-signed-amd64 (6.1.192+3)
                Version: 6.1.192-3
                Provides: linux-latest-modules-6.1.0-57-cloud-amd64, virtualbox-guest-modules, wireguard-modules (= 1.0.0)
                Depends: linux-image-6.1.0-57-cloud-amd64 (= 6.1.192-3)
                Description: Linux for x86-64 cloud (meta-package)
                """;
        assertThat(CloudKernelPackage.parse(show)).contains(
                new CloudKernelPackage.KernelPackage("linux-image-6.1.0-57-cloud-amd64", "6.1.0-57-cloud-amd64", "6.1.192-3"));
    }

    @Test
    void findsNothingWithoutAnExactVersionOrACloudKernel() {
        assertThat(CloudKernelPackage.parse("Depends: linux-image-6.1.0-57-cloud-amd64\n")).isEmpty();
        assertThat(CloudKernelPackage.parse("Depends: linux-image-6.1.0-57-amd64 (= 6.1.192-3)\n")).isEmpty();
        assertThat(CloudKernelPackage.parse("Provides: linux-image-6.1.0-57-cloud-amd64 (= 6.1.192-3)\n")).isEmpty();
        assertThat(CloudKernelPackage.parse("")).isEmpty();
    }
}
