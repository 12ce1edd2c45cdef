package io.nfvlightvirt.libvirt.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KconfigTest {
    private static final String TINY = """
            #
            # Automatically generated file; DO NOT EDIT.
            #
            CONFIG_64BIT=y
            CONFIG_LOCALVERSION=""
            # CONFIG_NET is not set
            CONFIG_IPV6=y
            CONFIG_LOG_BUF_SHIFT=17
            """;

    @Test
    void parsesSettingsAndNotSetCommentsInOrder() {
        assertThat(Kconfig.parse(TINY)).containsExactly(
                Map.entry("CONFIG_64BIT", "y"), Map.entry("CONFIG_LOCALVERSION", "\"\""),
                Map.entry("CONFIG_NET", Kconfig.NOT_SET), Map.entry("CONFIG_IPV6", "y"),
                Map.entry("CONFIG_LOG_BUF_SHIFT", "17"));
    }

    @Test
    void rejectsALineThatIsNoSettingNamingIt() {
        assertThatThrownBy(() -> Kconfig.parse("CONFIG_A=y\nNET=y\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2").hasMessageContaining("'NET=y'");
    }

    @Test
    void laterFragmentsOverrideAndNewSymbolsAreAppended() {
        Map<String, String> merged = Kconfig.merge(Kconfig.parse(TINY), List.of(
                Kconfig.parse("CONFIG_NET=y\n# CONFIG_IPV6 is not set\nCONFIG_VIRTIO_NET=y\n"),
                Kconfig.parse("CONFIG_LOCALVERSION=\"-tinyx\"\n")));
        assertThat(merged).containsExactly(
                Map.entry("CONFIG_64BIT", "y"), Map.entry("CONFIG_LOCALVERSION", "\"-tinyx\""),
                Map.entry("CONFIG_NET", "y"), Map.entry("CONFIG_IPV6", Kconfig.NOT_SET),
                Map.entry("CONFIG_LOG_BUF_SHIFT", "17"), Map.entry("CONFIG_VIRTIO_NET", "y"));
    }

    @Test
    void rendersWhatItParses() {
        assertThat(Kconfig.parse(Kconfig.render(Kconfig.parse(TINY)))).isEqualTo(Kconfig.parse(TINY));
        assertThat(Kconfig.render(Map.of("CONFIG_IPV6", Kconfig.NOT_SET))).isEqualTo("# CONFIG_IPV6 is not set\n");
    }

    @Test
    void unmetListsRequestsThatOlddefconfigDidNotKeep() {
        Map<String, String> requested = Kconfig.parse("CONFIG_VIRTIO_NET=y\n# CONFIG_IPV6 is not set\nCONFIG_NET=y\n");
        Map<String, String> result = Kconfig.parse("CONFIG_NET=y\nCONFIG_IPV6=y\n");
        assertThat(Kconfig.unmet(requested, result)).containsExactly(
                "CONFIG_VIRTIO_NET: requested y, got not set", "CONFIG_IPV6: requested not set, got y");
    }

    @Test
    void anAbsentSymbolMeetsANotSetRequest() {
        assertThat(Kconfig.unmet(Kconfig.parse("# CONFIG_HID is not set\n"), Map.of())).isEmpty();
    }

    @Test
    void theShippedFragmentsParse() {
        for (TinyxFlavor f : TinyxFlavor.values()) {
            for (String name : f.fragments()) {
                assertThat(Kconfig.parse(TinyxBuilder.resource(name))).as(name).isNotEmpty();
            }
        }
        assertThat(Kconfig.parse(TinyxBuilder.resource("tinyx-base.config")))
                .containsEntry("CONFIG_VIRTIO_NET", "y").containsEntry("CONFIG_SERIAL_8250_CONSOLE", "y")
                .containsEntry("CONFIG_BLK_DEV_INITRD", "y").containsEntry("CONFIG_IPV6", Kconfig.NOT_SET);
        assertThat(Kconfig.parse(TinyxBuilder.resource("tinyx-xen.config"))).containsEntry("CONFIG_XEN_NETDEV_FRONTEND", "y");
    }
}
