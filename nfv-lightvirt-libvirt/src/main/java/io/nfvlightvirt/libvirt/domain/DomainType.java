package io.nfvlightvirt.libvirt.domain;

/** The {@code type} attribute of {@code <domain>}: which hypervisor runs the guest. */
public enum DomainType {
    /** QEMU with the KVM accelerator. */
    KVM("kvm", "kvm"),
    /** QEMU with its TCG emulator (no hardware virtualisation). */
    QEMU("qemu", "tcg"),
    /** Xen through libxl. */
    XEN("xen", "xen");

    private final String xml;
    private final String accelerator;

    DomainType(String xml, String accelerator) {
        this.xml = xml;
        this.accelerator = accelerator;
    }

    /** @return the value written in the domain XML */
    public String xmlValue() {
        return xml;
    }

    /** @return what runs the guest as the library reports it: {@code kvm}, {@code tcg} or {@code xen} */
    public String accelerator() {
        return accelerator;
    }

    /**
     * @param value a domain XML {@code type}
     * @return the matching constant
     * @throws IllegalArgumentException for another value
     */
    public static DomainType fromXml(String value) {
        for (DomainType t : values()) {
            if (t.xml.equals(value)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown libvirt domain type '" + value + "'");
    }
}
