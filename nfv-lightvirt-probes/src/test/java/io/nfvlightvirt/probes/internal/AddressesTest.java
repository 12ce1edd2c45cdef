package io.nfvlightvirt.probes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nfvlightvirt.InvalidSpecException;
import org.junit.jupiter.api.Test;

class AddressesTest {
    @Test
    void aDottedQuadIsParsedAndFormattedBack() {
        assertThat(Addresses.formatIpv4(Addresses.toInt(Addresses.ipv4("f", "10.217.200.3")))).isEqualTo("10.217.200.3");
    }

    @Test
    void aHostNameIsRefusedWithFieldValueAndRule() {
        assertThatThrownBy(() -> Addresses.ipv4("target.ipv4", "guest.example"))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("target.ipv4").hasMessageContaining("'guest.example'")
                .hasMessageContaining("dotted-quad");
    }

    @Test
    void loopbackIsRefusedBecauseFramesCannotBeInjectedThere() {
        assertThatThrownBy(() -> Addresses.ipv4("target.ipv4", "127.0.0.1"))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("loopback");
    }

    @Test
    void anOutOfRangeOctetIsRefused() {
        assertThatThrownBy(() -> Addresses.ipv4("source", "10.217.256.1"))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("0..255");
    }

    @Test
    void aMacIsParsedCaseInsensitivelyAndFormattedLowerCase() {
        assertThat(Addresses.formatMac(Addresses.mac("m", "02:42:0A:D9:01:FF"))).isEqualTo("02:42:0a:d9:01:ff");
    }

    @Test
    void aMulticastOrMalformedMacIsRefused() {
        assertThatThrownBy(() -> Addresses.mac("target.mac", "01:00:5e:00:00:01"))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("unicast");
        assertThatThrownBy(() -> Addresses.mac("target.mac", "02-42-0a-d9-01-02"))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("target.mac");
    }
}
