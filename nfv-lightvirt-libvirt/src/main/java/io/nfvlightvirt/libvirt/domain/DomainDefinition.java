package io.nfvlightvirt.libvirt.domain;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A typed libvirt domain: everything the library ever puts in a domain XML, and nothing it does
 * not need. {@link DomainXmlWriter} turns it into XML; user-supplied values only ever reach the
 * XML as escaped text or attribute values.
 *
 * <p>Defaults are chosen for a VNF that must start fast: machine {@code pc}, no USB controller,
 * no memory balloon, no graphics, no default devices, no security labelling (files are
 * prepared by the caller, so libvirt need not relabel them, and never changes the owner of a
 * shared backing image), destroy on power-off, reboot and crash.
 *
 * @param name the libvirt domain name
 * @param type hypervisor and accelerator
 * @param osType {@code hvm} for QEMU guests, {@code xen}/{@code linux} for Xen PV, {@code xenpvh}
 * @param arch guest architecture, {@code x86_64}
 * @param machine QEMU machine type, e.g. {@code pc}; empty for Xen
 * @param memoryBytes guest memory
 * @param vcpus virtual CPUs
 * @param cpuMode how the CPU is described
 * @param acpi whether the guest gets ACPI (needed for graceful shutdown of a Linux VM)
 * @param kernelBoot direct kernel boot, or empty to boot from the first disk
 * @param disks disks
 * @param interfaces NICs
 * @param consoleLog a file receiving the guest's serial console, or empty for no console
 * @param cpuTune a CPU cap, or empty
 * @param metadata the library's metadata, or empty
 * @param relabel whether libvirt's security drivers label files; {@code false} writes
 *     {@code <seclabel type='none' model='M'/>} for every model in {@code securityModels}, so that
 *     libvirt neither confines QEMU nor changes the owner of its files (QEMU still runs as the
 *     DAC user, e.g. libvirt-qemu); the caller then makes the files accessible itself
 * @param securityModels the host's security models ({@code dac}, {@code selinux}, {@code apparmor})
 * @param skipCpuFeatureQuery remove QEMU capability {@code cpu-unavailable-features} for this domain,
 *     so that libvirt reads the started guest's CPU with two QMP queries instead of one per CPU feature
 *     (about 400 on x86, a third of a second); the domain is then marked tainted by libvirt
 * @param emulator the QEMU binary, or empty for libvirt's default
 */
public record DomainDefinition(
        String name,
        DomainType type,
        String osType,
        String arch,
        Optional<String> machine,
        long memoryBytes,
        int vcpus,
        CpuMode cpuMode,
        boolean acpi,
        Optional<KernelBoot> kernelBoot,
        List<DiskDevice> disks,
        List<NetworkInterface> interfaces,
        Optional<Path> consoleLog,
        Optional<CpuTune> cpuTune,
        Optional<DomainMetadata> metadata,
        boolean relabel,
        List<String> securityModels,
        boolean skipCpuFeatureQuery,
        Optional<Path> emulator) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.+-]{0,199}");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /** Checks every value. */
    public DomainDefinition {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("domain name must be 1-200 characters of letters, digits and _ . + -, was '" + name + "'");
        }
        Objects.requireNonNull(type, "type");
        token("osType", osType);
        token("arch", arch);
        Objects.requireNonNull(machine, "machine").ifPresent(m -> token("machine", m));
        if (memoryBytes < (1L << 20)) {
            throw new IllegalArgumentException("memoryBytes must be at least 1 MiB, was " + memoryBytes);
        }
        if (vcpus < 1 || vcpus > 256) {
            throw new IllegalArgumentException("vcpus must be 1..256, was " + vcpus);
        }
        Objects.requireNonNull(cpuMode, "cpuMode");
        Objects.requireNonNull(kernelBoot, "kernelBoot");
        disks = List.copyOf(disks);
        interfaces = List.copyOf(interfaces);
        Objects.requireNonNull(consoleLog, "consoleLog").ifPresent(p -> XmlText.check("console log", p.toString()));
        Objects.requireNonNull(cpuTune, "cpuTune");
        Objects.requireNonNull(metadata, "metadata");
        securityModels = List.copyOf(securityModels);
        securityModels.forEach(m -> token("security model", m));
        Objects.requireNonNull(emulator, "emulator").ifPresent(p -> XmlText.check("emulator", p.toString()));
        if (kernelBoot.isEmpty() && disks.isEmpty()) {
            throw new IllegalArgumentException("a domain needs a kernel to boot or a disk to boot from");
        }
    }

    private static void token(String field, String value) {
        if (value == null || !TOKEN.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must be 1-64 characters of letters, digits and _ . -, was '" + value + "'");
        }
    }

    /**
     * @param name domain name
     * @param type hypervisor and accelerator
     * @return a builder with the fast defaults described on this type
     */
    public static Builder builder(String name, DomainType type) {
        return new Builder(name, type);
    }

    /** Builds a {@link DomainDefinition}; values are checked in {@link #build()}. */
    public static final class Builder {
        private final String name;
        private final DomainType type;
        private String osType = "hvm";
        private String arch = "x86_64";
        private Optional<String> machine = Optional.of("pc");
        private long memoryBytes = 64L << 20;
        private int vcpus = 1;
        private CpuMode cpuMode = CpuMode.HYPERVISOR_DEFAULT;
        private boolean acpi;
        private Optional<KernelBoot> kernelBoot = Optional.empty();
        private final List<DiskDevice> disks = new ArrayList<>();
        private final List<NetworkInterface> interfaces = new ArrayList<>();
        private Optional<Path> consoleLog = Optional.empty();
        private Optional<CpuTune> cpuTune = Optional.empty();
        private Optional<DomainMetadata> metadata = Optional.empty();
        private boolean relabel;
        private List<String> securityModels = List.of("dac");
        private boolean skipCpuFeatureQuery;
        private Optional<Path> emulator = Optional.empty();

        private Builder(String name, DomainType type) {
            this.name = name;
            this.type = type;
        }

        /** @param value OS type, e.g. {@code hvm} @return this */
        public Builder osType(String value) {
            this.osType = value;
            return this;
        }

        /** @param value architecture @return this */
        public Builder arch(String value) {
            this.arch = value;
            return this;
        }

        /** @param value machine type, or null for none @return this */
        public Builder machine(String value) {
            this.machine = Optional.ofNullable(value);
            return this;
        }

        /** @param value memory in bytes @return this */
        public Builder memoryBytes(long value) {
            this.memoryBytes = value;
            return this;
        }

        /** @param value vCPUs @return this */
        public Builder vcpus(int value) {
            this.vcpus = value;
            return this;
        }

        /** @param value CPU mode @return this */
        public Builder cpuMode(CpuMode value) {
            this.cpuMode = value;
            return this;
        }

        /** @param value whether to give the guest ACPI @return this */
        public Builder acpi(boolean value) {
            this.acpi = value;
            return this;
        }

        /** @param value direct kernel boot @return this */
        public Builder kernelBoot(KernelBoot value) {
            this.kernelBoot = Optional.of(value);
            return this;
        }

        /** @param value a disk @return this */
        public Builder disk(DiskDevice value) {
            this.disks.add(Objects.requireNonNull(value, "disk"));
            return this;
        }

        /** @param value a NIC @return this */
        public Builder networkInterface(NetworkInterface value) {
            this.interfaces.add(Objects.requireNonNull(value, "interface"));
            return this;
        }

        /** @param value the console log file @return this */
        public Builder consoleLog(Path value) {
            this.consoleLog = Optional.of(value);
            return this;
        }

        /** @param value a CPU cap @return this */
        public Builder cpuTune(CpuTune value) {
            this.cpuTune = Optional.of(value);
            return this;
        }

        /** @param value the library's metadata @return this */
        public Builder metadata(DomainMetadata value) {
            this.metadata = Optional.of(value);
            return this;
        }

        /** @param value whether libvirt relabels files @return this */
        public Builder relabel(boolean value) {
            this.relabel = value;
            return this;
        }

        /** @param value the host's security models (default {@code dac}) @return this */
        public Builder securityModels(List<String> value) {
            this.securityModels = List.copyOf(value);
            return this;
        }

        /** @param value see {@link DomainDefinition#skipCpuFeatureQuery()} @return this */
        public Builder skipCpuFeatureQuery(boolean value) {
            this.skipCpuFeatureQuery = value;
            return this;
        }

        /** @param value the QEMU binary @return this */
        public Builder emulator(Path value) {
            this.emulator = Optional.of(value);
            return this;
        }

        /**
         * @return the definition
         * @throws IllegalArgumentException naming the first value that breaks a rule
         */
        public DomainDefinition build() {
            return new DomainDefinition(name, type, osType, arch, machine, memoryBytes, vcpus, cpuMode, acpi, kernelBoot,
                    disks, interfaces, consoleLog, cpuTune, metadata, relabel, securityModels, skipCpuFeatureQuery, emulator);
        }
    }
}
