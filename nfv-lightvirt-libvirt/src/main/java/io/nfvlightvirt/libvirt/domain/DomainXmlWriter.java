package io.nfvlightvirt.libvirt.domain;

import java.io.StringWriter;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes a {@link DomainDefinition} as libvirt domain XML with a StAX writer, so that every value
 * is escaped as text or attribute content; nothing is assembled by string concatenation. The
 * output validates against libvirt's {@code domain.rng} ({@code virt-xml-validate FILE domain}).
 */
public final class DomainXmlWriter {
    /** Namespace of libvirt's QEMU-specific elements ({@code <qemu:capabilities>}). */
    public static final String QEMU_NAMESPACE = "http://libvirt.org/schemas/domain/qemu/1.0";
    /** The QEMU capability removed by {@link DomainDefinition#skipCpuFeatureQuery()}. */
    public static final String CPU_UNAVAILABLE_FEATURES = "cpu-unavailable-features";

    /** Configured once: looking a factory up costs milliseconds; creating writers from it is cheap and thread-safe. */
    static final XMLOutputFactory OUTPUT = XMLOutputFactory.newFactory();

    private DomainXmlWriter() {}

    /**
     * @param text any text
     * @return whether it can be written into domain XML (XML 1.0 allows no NUL and most control characters)
     */
    public static boolean isWritable(String text) {
        return text != null && XmlText.firstInvalid(text) < 0;
    }

    /**
     * @param d the domain
     * @return its XML
     */
    public static String write(DomainDefinition d) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = OUTPUT.createXMLStreamWriter(out);
            new Emitter(w).domain(d);
            w.flush();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write domain XML for " + d.name(), e);
        }
        return out.toString();
    }

    /** Writes elements with two-space indentation. */
    private static final class Emitter {
        private final XMLStreamWriter w;
        private int depth;

        Emitter(XMLStreamWriter w) {
            this.w = w;
        }

        void domain(DomainDefinition d) throws XMLStreamException {
            boolean qemuNs = d.skipCpuFeatureQuery() && d.type() != DomainType.XEN;
            w.writeStartElement("domain");
            w.writeAttribute("type", d.type().xmlValue());
            if (qemuNs) {
                w.writeNamespace("qemu", QEMU_NAMESPACE);
            }
            depth++;
            leaf("name", d.name());
            if (d.metadata().isPresent()) {
                open("metadata");
                newline();
                d.metadata().get().write(w);
                close();
            }
            newline();
            w.writeStartElement("memory");
            w.writeAttribute("unit", "KiB");
            w.writeCharacters(Long.toString(d.memoryBytes() / 1024));
            w.writeEndElement();
            leaf("vcpu", Integer.toString(d.vcpus()));
            if (d.cpuTune().isPresent()) {
                CpuTune t = d.cpuTune().get();
                open("cputune");
                leaf("global_period", Long.toString(t.period().toNanos() / 1000));
                leaf("global_quota", Long.toString(t.quota().toNanos() / 1000));
                close();
            }
            os(d);
            if (d.acpi()) {
                open("features");
                empty("acpi");
                close();
            }
            switch (d.cpuMode()) {
                case HOST_PASSTHROUGH -> empty("cpu", "mode", "host-passthrough");
                case MAXIMUM -> empty("cpu", "mode", "maximum");
                case HYPERVISOR_DEFAULT -> { }
            }
            leaf("on_poweroff", "destroy");
            leaf("on_reboot", "destroy");
            leaf("on_crash", "destroy");
            devices(d);
            if (!d.relabel()) {
                int written = 0;
                for (String model : d.securityModels()) {
                    if (!model.equals("none")) {
                        empty("seclabel", "type", "none", "model", model);
                        written++;
                    }
                }
                if (written == 0) {
                    empty("seclabel", "type", "none");
                }
            }
            if (qemuNs) {
                newline();
                w.writeStartElement("qemu", "capabilities", QEMU_NAMESPACE);
                depth++;
                newline();
                w.writeEmptyElement("qemu", "del", QEMU_NAMESPACE);
                w.writeAttribute("capability", CPU_UNAVAILABLE_FEATURES);
                depth--;
                newline();
                w.writeEndElement();
            }
            depth--;
            newline();
            w.writeEndElement();
            w.writeCharacters("\n");
        }

        private void os(DomainDefinition d) throws XMLStreamException {
            open("os");
            newline();
            w.writeStartElement("type");
            w.writeAttribute("arch", d.arch());
            if (d.machine().isPresent()) {
                w.writeAttribute("machine", d.machine().get());
            }
            w.writeCharacters(d.osType());
            w.writeEndElement();
            if (d.kernelBoot().isPresent()) {
                KernelBoot k = d.kernelBoot().get();
                leaf("kernel", k.kernel().toString());
                if (k.initrd().isPresent()) {
                    leaf("initrd", k.initrd().get().toString());
                }
                if (!k.cmdline().isEmpty()) {
                    leaf("cmdline", k.cmdline());
                }
            } else {
                empty("boot", "dev", "hd");
            }
            close();
        }

        private void devices(DomainDefinition d) throws XMLStreamException {
            open("devices");
            if (d.emulator().isPresent()) {
                leaf("emulator", d.emulator().get().toString());
            }
            for (DiskDevice disk : d.disks()) {
                open("disk", "type", "file", "device", "disk");
                empty("driver", "name", "qemu", "type", disk.format());
                empty("source", "file", disk.source().toString());
                empty("target", "dev", disk.target(), "bus", disk.bus());
                if (disk.readOnly()) {
                    empty("readonly");
                }
                close();
            }
            for (NetworkInterface n : d.interfaces()) {
                if (n instanceof NetworkInterface.Ethernet e) {
                    open("interface", "type", "ethernet");
                    empty("mac", "address", e.mac());
                    empty("target", "dev", e.tap(), "managed", "no");
                    if (!e.model().isEmpty()) {
                        empty("model", "type", e.model());
                    }
                    empty("rom", "enabled", "no");
                    close();
                } else if (n instanceof NetworkInterface.Bridge b) {
                    open("interface", "type", "bridge");
                    empty("mac", "address", b.mac());
                    empty("source", "bridge", b.bridge());
                    if (b.tap().isPresent()) {
                        empty("target", "dev", b.tap().get());
                    }
                    if (!b.model().isEmpty()) {
                        empty("model", "type", b.model());
                    }
                    if (d.type() != DomainType.XEN) {
                        empty("rom", "enabled", "no");
                    }
                    close();
                }
            }
            if (d.consoleLog().isPresent()) {
                String path = d.consoleLog().get().toString();
                if (d.type() == DomainType.XEN) {
                    open("console", "type", "file");
                    empty("source", "path", path);
                    empty("target", "type", "xen", "port", "0");
                    close();
                } else {
                    open("serial", "type", "file");
                    empty("source", "path", path);
                    empty("target", "port", "0");
                    close();
                    open("console", "type", "file");
                    empty("source", "path", path);
                    empty("target", "type", "serial", "port", "0");
                    close();
                }
            }
            if (d.type() != DomainType.XEN) {
                empty("controller", "type", "usb", "model", "none");
                empty("memballoon", "model", "none");
            }
            close();
        }

        private void newline() throws XMLStreamException {
            w.writeCharacters("\n" + "  ".repeat(depth));
        }

        private void open(String name, String... attrs) throws XMLStreamException {
            newline();
            w.writeStartElement(name);
            attributes(attrs);
            depth++;
        }

        private void close() throws XMLStreamException {
            depth--;
            newline();
            w.writeEndElement();
        }

        private void leaf(String name, String text) throws XMLStreamException {
            newline();
            w.writeStartElement(name);
            w.writeCharacters(text);
            w.writeEndElement();
        }

        private void empty(String name, String... attrs) throws XMLStreamException {
            newline();
            w.writeEmptyElement(name);
            attributes(attrs);
        }

        private void attributes(String... attrs) throws XMLStreamException {
            for (int i = 0; i < attrs.length; i += 2) {
                w.writeAttribute(attrs[i], attrs[i + 1]);
            }
        }
    }
}
