package io.nfvlightvirt.libvirt.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModuleOrderTest {
    /** The lines of Debian 12's cloud kernel modules.dep that matter. */
    private static final String DEP = """
            kernel/drivers/virtio/virtio.ko: kernel/drivers/virtio/virtio_ring.ko
            kernel/drivers/virtio/virtio_ring.ko:
            kernel/drivers/virtio/virtio_pci_modern_dev.ko:
            kernel/drivers/virtio/virtio_pci_legacy_dev.ko:
            kernel/drivers/virtio/virtio_pci.ko: kernel/drivers/virtio/virtio_pci_legacy_dev.ko kernel/drivers/virtio/virtio_pci_modern_dev.ko kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko
            kernel/net/core/failover.ko:
            kernel/drivers/net/net_failover.ko: kernel/net/core/failover.ko
            kernel/drivers/net/virtio_net.ko: kernel/drivers/net/net_failover.ko kernel/net/core/failover.ko kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko
            kernel/drivers/block/virtio_blk.ko: kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko
            """;

    @Test
    void loadsVirtioNetInTheOrderSeenToWorkOnTheCloudKernel() {
        assertThat(ModuleOrder.parse(DEP).loadOrder(List.of("virtio_pci", "virtio_net")).stream().map(ModuleOrder::name))
                .containsExactly("virtio_ring", "virtio", "virtio_pci_modern_dev", "virtio_pci_legacy_dev", "virtio_pci",
                        "failover", "net_failover", "virtio_net");
    }

    @Test
    void eachModuleOnceAndAfterItsDependencies() {
        List<String> order = ModuleOrder.parse(DEP).loadOrder(List.of("virtio_net", "virtio_blk", "virtio_net"));
        assertThat(order).doesNotHaveDuplicates();
        assertThat(order.indexOf("kernel/drivers/virtio/virtio_ring.ko")).isLessThan(order.indexOf("kernel/drivers/virtio/virtio.ko"));
        assertThat(order.get(order.size() - 1)).isEqualTo("kernel/drivers/block/virtio_blk.ko");
    }

    @Test
    void dashesAndUnderscoresAreTheSameName() {
        assertThat(ModuleOrder.name("kernel/drivers/char/hw_random/virtio-rng.ko.xz")).isEqualTo("virtio_rng");
        assertThat(ModuleOrder.parse(DEP).loadOrder(List.of("virtio-net"))).endsWith("kernel/drivers/net/virtio_net.ko");
    }

    @Test
    void anUnknownModuleIsAnErrorNamingIt() {
        assertThatThrownBy(() -> ModuleOrder.parse(DEP).loadOrder(List.of("e1000")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'e1000'");
    }
}
