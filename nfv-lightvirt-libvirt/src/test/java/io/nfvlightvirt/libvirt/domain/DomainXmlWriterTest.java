package io.nfvlightvirt.libvirt.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class DomainXmlWriterTest {

    private static DomainDefinition.Builder unikernel() {
        return DomainDefinition.builder("nfvlv.o.fw1", DomainType.QEMU)
                .memoryBytes(64L << 20)
                .kernelBoot(new KernelBoot(Path.of("/var/lib/x/kernel"), Optional.empty(), "netdev.ip=10.1.2.3/24:10.1.2.1 --"))
                .networkInterface(new NetworkInterface.Ethernet("nfvkt0123456789", "52:54:0a:01:02:03", "virtio"))
                .consoleLog(Path.of("/var/lib/x/console.log"))
                .metadata(new DomainMetadata("o", "fw1", "UNIKERNEL", Map.of("ipv4", "10.1.2.3"), Map.of()));
    }

    @Test
    void writesTheFastDefaultsAVnfNeeds() {
        Document doc = DomainMetadata.parseDocument(DomainXmlWriter.write(unikernel().build()));
        Element root = doc.getDocumentElement();
        assertThat(root.getAttribute("type")).isEqualTo("qemu");
        assertThat(text(doc, "memory")).isEqualTo("65536");
        assertThat(((Element) doc.getElementsByTagName("memory").item(0)).getAttribute("unit")).isEqualTo("KiB");
        assertThat(((Element) doc.getElementsByTagName("type").item(0)).getAttribute("machine")).isEqualTo("pc");
        assertThat(text(doc, "cmdline")).isEqualTo("netdev.ip=10.1.2.3/24:10.1.2.1 --");
        assertThat(((Element) doc.getElementsByTagName("controller").item(0)).getAttribute("model")).isEqualTo("none");
        assertThat(((Element) doc.getElementsByTagName("memballoon").item(0)).getAttribute("model")).isEqualTo("none");
        assertThat(((Element) doc.getElementsByTagName("seclabel").item(0)).getAttribute("type")).isEqualTo("none");
        assertThat(((Element) doc.getElementsByTagName("seclabel").item(0)).getAttribute("model")).isEqualTo("dac");
        assertThat(doc.getElementsByTagName("graphics").getLength()).isZero();
        assertThat(doc.getElementsByTagName("cpu").getLength()).isZero();
        assertThat(((Element) doc.getElementsByTagName("target").item(0)).getAttribute("managed")).isEqualTo("no");
        assertThat(text(doc, "on_crash")).isEqualTo("destroy");
    }

    @Test
    void userTextIsEscapedNotInterpreted() {
        String evil = "a</cmdline><devices><disk type='block'/></devices>&amp; \"'";
        String xml = DomainXmlWriter.write(unikernel()
                .kernelBoot(new KernelBoot(Path.of("/k"), Optional.empty(), evil))
                .metadata(new DomainMetadata("o", "fw1", "UNIKERNEL", Map.of(), Map.of("k", "<x>&")))
                .build());
        Document doc = DomainMetadata.parseDocument(xml);
        assertThat(text(doc, "cmdline")).isEqualTo(evil);
        assertThat(doc.getElementsByTagName("disk").getLength()).isZero();
        assertThat(DomainMetadata.parse(xml).orElseThrow().labels()).containsEntry("k", "<x>&");
    }

    @Test
    void charactersXmlCannotHoldAreRefusedWithTheField() {
        assertThatThrownBy(() -> new KernelBoot(Path.of("/k"), Optional.empty(), "a\u0001b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cmdline").hasMessageContaining("U+0001");
        assertThat(DomainXmlWriter.isWritable("ok \t text")).isTrue();
        assertThat(DomainXmlWriter.isWritable("bad\u0000")).isFalse();
    }

    @Test
    void skippingTheCpuFeatureQueryRemovesOneQemuCapabilityInLibvirtsNamespace() {
        Document doc = DomainMetadata.parseDocument(DomainXmlWriter.write(unikernel().skipCpuFeatureQuery(true).build()));
        var del = doc.getElementsByTagNameNS(DomainXmlWriter.QEMU_NAMESPACE, "del");
        assertThat(del.getLength()).isEqualTo(1);
        assertThat(((Element) del.item(0)).getAttribute("capability")).isEqualTo("cpu-unavailable-features");
    }

    @Test
    void kvmGuestsGetTheHostCpuAndStandardVmsAcpiAndADisk() {
        Document doc = DomainMetadata.parseDocument(DomainXmlWriter.write(DomainDefinition.builder("vm", DomainType.KVM)
                .cpuMode(CpuMode.HOST_PASSTHROUGH).acpi(true).disk(DiskDevice.virtioQcow2(Path.of("/d/overlay.qcow2")))
                .networkInterface(new NetworkInterface.Bridge("br0", Optional.of("tap0"), "52:54:00:00:00:01", "virtio"))
                .cpuTune(CpuTune.ofCpus(0.5)).build()));
        assertThat(doc.getDocumentElement().getAttribute("type")).isEqualTo("kvm");
        assertThat(((Element) doc.getElementsByTagName("cpu").item(0)).getAttribute("mode")).isEqualTo("host-passthrough");
        assertThat(doc.getElementsByTagName("acpi").getLength()).isEqualTo(1);
        assertThat(((Element) doc.getElementsByTagName("boot").item(0)).getAttribute("dev")).isEqualTo("hd");
        assertThat(((Element) doc.getElementsByTagName("source").item(0)).getAttribute("file")).isEqualTo("/d/overlay.qcow2");
        assertThat(text(doc, "global_quota")).isEqualTo("50000");
        assertThat(text(doc, "global_period")).isEqualTo("100000");
    }

    @Test
    void aDomainWithNothingToBootIsRefused() {
        assertThatThrownBy(() -> DomainDefinition.builder("x", DomainType.QEMU).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kernel");
        assertThatThrownBy(() -> DomainDefinition.builder("bad/name", DomainType.QEMU).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("domain name");
    }

    private static String text(Document doc, String tag) {
        return doc.getElementsByTagName(tag).item(0).getTextContent();
    }
}
