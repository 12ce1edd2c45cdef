package io.nfvlightvirt.libvirt.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class Ipv4SubnetTest {

    @Test
    void parsesFormatsAndCountsHosts() {
        Ipv4Subnet s = Ipv4Subnet.parse("10.123.4.0/24");
        assertThat(s.toString()).isEqualTo("10.123.4.0/24");
        assertThat(s.host(1)).isEqualTo("10.123.4.1");
        assertThat(s.indexOf("10.123.4.77")).isEqualTo(77);
        assertThat(s.indexOf("10.123.5.77")).isEqualTo(-1);
        assertThat(s.usableHosts()).isEqualTo(254);
        assertThat(Ipv4Subnet.containing("192.0.2.2/24")).isEqualTo(Ipv4Subnet.parse("192.0.2.0/24"));
    }

    @Test
    void overlapIsSymmetricAcrossPrefixLengths() {
        Ipv4Subnet big = Ipv4Subnet.parse("172.17.0.0/16");
        assertThat(big.overlaps(Ipv4Subnet.parse("172.17.3.0/24"))).isTrue();
        assertThat(Ipv4Subnet.parse("172.17.3.0/24").overlaps(big)).isTrue();
        assertThat(big.overlaps(Ipv4Subnet.parse("172.18.0.0/24"))).isFalse();
    }

    @Test
    void malformedValuesAreRefused() {
        assertThatThrownBy(() -> Ipv4Subnet.parse("10.1.2.3/24")).hasMessageContaining("host bits");
        assertThatThrownBy(() -> Ipv4Subnet.parse("300.1.2.0/24")).hasMessageContaining("not an IPv4");
        assertThatThrownBy(() -> Ipv4Subnet.parse("fe80::/64")).hasMessageContaining("not an IPv4");
    }

    @Test
    void pickerSkipsEverySubnetTheHostAlreadyUses() {
        SubnetPicker picker = new SubnetPicker(100, 1);
        Ipv4Subnet first = picker.pick("o", List.of());
        Ipv4Subnet second = picker.pick("o", List.of(first, Ipv4Subnet.parse("0.0.0.0/0")));
        assertThat(second).isNotEqualTo(first);
        assertThat(second.prefix()).isEqualTo(24);
        assertThat(picker.pick("o", List.of())).as("same owner, same host state, same choice").isEqualTo(first);
        assertThatThrownBy(() -> picker.pick("o", List.of(Ipv4Subnet.parse("10.100.0.0/16"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("network.cidr");
    }

    @Test
    void macsAreDerivedFromTheAddressAndLocallyAdministered() {
        assertThat(MacAddresses.fromIpv4("10.123.4.2")).isEqualTo("52:54:0a:7b:04:02");
    }
}
