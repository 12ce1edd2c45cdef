package io.nfvlightvirt.probes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nfvlightvirt.probes.UnknownLinkException;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkTest {
    @Test
    void anUnknownLinkIsNamedAndTheExistingOnesListed() {
        assertThatThrownBy(() -> Link.resolve("nfvlvnosuch0"))
                .isInstanceOf(UnknownLinkException.class)
                .hasMessageContaining("no link named 'nfvlvnosuch0'")
                .hasMessageContaining("lo");
    }

    @Test
    void loopbackIsRefusedBecauseLibpcapCannotInjectThere() {
        assertThatThrownBy(() -> Link.resolve("lo"))
                .isInstanceOf(UnknownLinkException.class).hasMessageContaining("loopback");
    }

    @Test
    void aPrefixContainsItsOwnSubnetOnly() {
        Link.Prefix p = new Link.Prefix(Addresses.ipv4("a", "10.217.5.1"), 24);
        assertThat(p.contains(Addresses.ipv4("a", "10.217.5.200"))).isTrue();
        assertThat(p.contains(Addresses.ipv4("a", "10.217.6.2"))).isFalse();
    }

    @Test
    void theSourceIsTheLinkAddressInTheGuestsSubnet() {
        Link l = new Link("x", new byte[6], List.of(new Link.Prefix(Addresses.ipv4("a", "192.0.2.1"), 24),
                new Link.Prefix(Addresses.ipv4("a", "10.217.5.1"), 24)));
        assertThat(l.sourceFor(Addresses.ipv4("a", "10.217.5.2")).orElseThrow().getHostAddress())
                .isEqualTo("10.217.5.1");
        assertThat(l.sourceFor(Addresses.ipv4("a", "10.217.9.2")).orElseThrow().getHostAddress())
                .isEqualTo("192.0.2.1");
        assertThat(l.owns(Addresses.ipv4("a", "10.217.5.1"))).isTrue();
        assertThat(l.owns(Addresses.ipv4("a", "10.217.5.9"))).isFalse();
    }
}
