package io.nfvlightvirt.libvirt.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nfvlightvirt.InvalidSpecException;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LibvirtUrisTest {

    @Test
    void defaultsToTheSystemQemuDriver() {
        assertThat(LibvirtUris.resolve(Optional.empty(), LibvirtUris.DEFAULT_QEMU, "qemu")).isEqualTo(URI.create("qemu:///system"));
    }

    @Test
    void acceptsRemoteTransports() {
        for (String u : new String[] {"qemu+tcp://10.0.0.2/system", "qemu+ssh://root@host/system",
                "qemu+unix:///system?socket=/tmp/s", "qemu+tls://h/system"}) {
            assertThat(LibvirtUris.resolve(Optional.of(URI.create(u)), LibvirtUris.DEFAULT_QEMU, "qemu")).hasToString(u);
        }
    }

    @Test
    void refusesOtherDriversAndTransportsNamingTheField() {
        assertThatThrownBy(() -> LibvirtUris.resolve(Optional.of(URI.create("xen:///system")), LibvirtUris.DEFAULT_QEMU, "qemu"))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("engineUri").hasMessageContaining("qemu");
        assertThatThrownBy(() -> LibvirtUris.resolve(Optional.of(URI.create("qemu+carrier-pigeon:///system")),
                LibvirtUris.DEFAULT_QEMU, "qemu")).isInstanceOf(InvalidSpecException.class).hasMessageContaining("transport");
    }

    @Test
    void knowsWhichUrisReachThisHost() {
        assertThat(LibvirtUris.isLocal(URI.create("qemu:///system"))).isTrue();
        assertThat(LibvirtUris.isLocal(URI.create("qemu+unix:///system?socket=/x"))).isTrue();
        assertThat(LibvirtUris.isLocal(URI.create("qemu+tcp://localhost/system"))).isTrue();
        assertThat(LibvirtUris.isLocal(URI.create("qemu+ssh://root@10.0.0.2/system"))).isFalse();
    }
}
