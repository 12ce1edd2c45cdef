package io.nfvlightvirt.libvirt.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DomainMetadataTest {

    @Test
    void roundTripsThroughItsOwnXml() {
        DomainMetadata m = new DomainMetadata("owner-1", "fw1", "TINYX", Map.of("ipv4", "10.1.2.3", "tap", "nfvkt1"),
                Map.of("tier", "edge & core"));
        assertThat(DomainMetadata.parse(m.toXml())).contains(m);
    }

    @Test
    void readsTheElementAsLibvirtReturnsItWithAnotherPrefix() {
        String fromLibvirt = "<x:instance xmlns:x=\"" + DomainMetadata.NAMESPACE + "\">"
                + "<x:managed>true</x:managed><x:owner>o</x:owner><x:name>n</x:name><x:guest-kind>UNIKERNEL</x:guest-kind>"
                + "<x:property key=\"mac\">52:54:00:00:00:01</x:property></x:instance>";
        DomainMetadata m = DomainMetadata.parse(fromLibvirt).orElseThrow();
        assertThat(m.owner()).isEqualTo("o");
        assertThat(m.property("mac")).contains("52:54:00:00:00:01");
    }

    @Test
    void readsTheElementAsVirDomainGetMetadataReturnsItWithoutNamespace() {
        String fromLibvirt = "<instance>\n  <managed>true</managed>\n  <owner>o</owner>\n  <name>n</name>\n"
                + "  <guest-kind>UNIKERNEL</guest-kind>\n  <property key=\"ipv4\">10.1.2.3</property>\n</instance>\n";
        assertThat(DomainMetadata.parse(fromLibvirt).orElseThrow().property("ipv4")).contains("10.1.2.3");
        assertThat(DomainMetadata.parse("<other><managed>true</managed></other>")).isEmpty();
    }

    @Test
    void domainsWithoutOurElementOrNotMarkedManagedAreNotOurs() {
        assertThat(DomainMetadata.parse("<domain type='qemu'><name>x</name></domain>")).isEmpty();
        String unmanaged = "<i:instance xmlns:i=\"" + DomainMetadata.NAMESPACE + "\"><i:managed>false</i:managed>"
                + "<i:owner>o</i:owner><i:name>n</i:name><i:guest-kind>TINYX</i:guest-kind></i:instance>";
        assertThat(DomainMetadata.parse(unmanaged)).isEmpty();
        String badOwner = "<i:instance xmlns:i=\"" + DomainMetadata.NAMESPACE + "\"><i:managed>true</i:managed>"
                + "<i:owner>NOT VALID</i:owner><i:name>n</i:name><i:guest-kind>TINYX</i:guest-kind></i:instance>";
        assertThat(DomainMetadata.parse(badOwner)).isEmpty();
    }

    @Test
    void findsOurElementInsideAWholeDomainXml() {
        DomainMetadata m = new DomainMetadata("o", "n", "STANDARD_VM", Map.of(), Map.of());
        String domain = "<domain type='kvm'><name>d</name><metadata>" + m.toXml() + "</metadata></domain>";
        assertThat(DomainMetadata.parse(domain)).contains(m);
    }
}
