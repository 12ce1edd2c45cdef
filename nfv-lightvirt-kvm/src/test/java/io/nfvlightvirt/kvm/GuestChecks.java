package io.nfvlightvirt.kvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.nfvlightvirt.VnfInstance;
import io.nfvlightvirt.libvirt.host.InstanceDirectory;
import java.nio.file.Path;

/** Assertions the guest ITs share: our XML validates, and destroy leaves nothing behind. */
final class GuestChecks {
    private GuestChecks() {}

    static Path instanceDir(VnfInstance i) {
        return InstanceDirectory.DEFAULT_ROOT.resolve(i.id());
    }

    /** The domain XML the backend wrote validates against libvirt's schema. */
    static void domainXmlValidates(VnfInstance i) {
        Path xml = instanceDir(i).resolve(KvmBackend.DOMAIN_XML);
        TestHost.Run r = TestHost.run("virt-xml-validate", xml.toString(), "domain");
        assertThat(r.exit()).as("virt-xml-validate %s: %s", xml, r.out()).isZero();
        assertThat(r.out()).contains("validates");
    }

    /** After destroy: no domain (virsh), no tap (ip link), no instance directory. */
    static void nothingLeftOf(VnfInstance i) {
        assertThat(TestHost.virshDomains()).as("domains after destroy").doesNotContain(i.id());
        assertThat(TestHost.linkExists(i.linkName().orElseThrow())).as("tap %s after destroy", i.linkName().get()).isFalse();
        assertThat(instanceDir(i)).as("instance directory after destroy").doesNotExist();
    }
}
