package io.nfvlightvirt.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nfvlightvirt.InvalidSpecException;
import org.junit.jupiter.api.Test;

class Ipv4SubnetTest {

    @Test
    void parsesASubnetAndKnowsItsGatewayAndInstanceRange() {
        Ipv4Subnet s = Ipv4Subnet.parse("network.subnet", "10.213.7.0/24");
        assertThat(s.toString()).isEqualTo("10.213.7.0/24");
        assertThat(s.gateway()).isEqualTo("10.213.7.1");
        assertThat(Ipv4Subnet.render(s.firstInstanceAddress())).isEqualTo("10.213.7.2");
        assertThat(Ipv4Subnet.render(s.lastInstanceAddress())).isEqualTo("10.213.7.254");
        assertThat(s.isInstanceAddress(Ipv4Subnet.address("10.213.7.1"))).isFalse();
        assertThat(s.isInstanceAddress(Ipv4Subnet.address("10.213.7.255"))).isFalse();
        assertThat(s.isInstanceAddress(Ipv4Subnet.address("10.213.8.2"))).isFalse();
        assertThat(s.isInstanceAddress(Ipv4Subnet.address("10.213.7.77"))).isTrue();
    }

    @Test
    void rejectsMalformedSubnetsNamingTheOption() {
        assertThatThrownBy(() -> Ipv4Subnet.parse("network.subnet", "10.213.7.0"))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("network.subnet").hasMessageContaining("CIDR");
        assertThatThrownBy(() -> Ipv4Subnet.parse("network.subnet", "10.213.7.5/24"))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("10.213.7.0/24");
        assertThatThrownBy(() -> Ipv4Subnet.parse("network.subnet", "10.0.0.0/8"))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("/16 and /29");
        assertThatThrownBy(() -> Ipv4Subnet.parse("network.subnet", "10.300.0.0/24"))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("0..255");
    }

    @Test
    void overlapIsSymmetricAndRespectsTheShorterPrefix() {
        Ipv4Subnet a = Ipv4Subnet.parseForeign("172.17.0.0/16").orElseThrow();
        Ipv4Subnet b = Ipv4Subnet.parse("x", "172.17.5.0/24");
        Ipv4Subnet c = Ipv4Subnet.parse("x", "172.18.0.0/24");
        assertThat(a.overlaps(b)).isTrue();
        assertThat(b.overlaps(a)).isTrue();
        assertThat(a.overlaps(c)).isFalse();
    }

    @Test
    void foreignSubnetsMayBeIpv6OrHaveHostBits() {
        assertThat(Ipv4Subnet.parseForeign("fd00::/64")).isEmpty();
        assertThat(Ipv4Subnet.parseForeign("192.0.2.2/24")).get().hasToString("192.0.2.0/24");
        assertThat(Ipv4Subnet.parseForeign("10.0.0.0/8")).get().hasToString("10.0.0.0/8");
    }

    @Test
    void macFollowsTheEnginesConventionForAnAddress() {
        assertThat(Ipv4Subnet.macFor("10.213.7.77")).isEqualTo("02:42:0a:d5:07:4d");
    }

    @Test
    void addressRejectsWhatIsNotADottedQuad() {
        assertThat(Ipv4Subnet.address("1.2.3")).isEqualTo(-1);
        assertThat(Ipv4Subnet.address("1.2.3.256")).isEqualTo(-1);
        assertThat(Ipv4Subnet.address("")).isEqualTo(-1);
        assertThat(Ipv4Subnet.address("255.255.255.255")).isEqualTo(0xFFFFFFFFL);
    }
}
