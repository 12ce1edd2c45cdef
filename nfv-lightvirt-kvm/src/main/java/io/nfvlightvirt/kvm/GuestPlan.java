package io.nfvlightvirt.kvm;

import io.nfvlightvirt.GuestKind;
import io.nfvlightvirt.ImageRef;
import io.nfvlightvirt.InvalidSpecException;
import io.nfvlightvirt.VnfSpec;
import io.nfvlightvirt.libvirt.image.BuildProgress;
import io.nfvlightvirt.libvirt.image.DebianImage;
import io.nfvlightvirt.libvirt.image.TinyxImage;
import io.nfvlightvirt.libvirt.net.Ipv4Subnet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a spec boots on the {@code kvm} backend, worked out before anything is created: the files
 * (kernel, initramfs, or a base disk that gets a per-instance overlay), the guest's memory floor,
 * whether it gets ACPI, and how the assigned address reaches it on the kernel command line.
 *
 * <p>Address passing: TINYX and STANDARD_VM follow the library's guest contract,
 * {@code nfvlv.ip=A.B.C.D/24 nfvlv.gw=A.B.C.1}, with the console on {@code ttyS0}. UNIKERNEL
 * kernels get Unikraft's {@code netdev.ip=A.B.C.D/24:GW} before the {@code --} that separates
 * library from application arguments, unless the spec option {@value #CMDLINE_SYNTAX} is
 * {@code verbatim}. Any command line may instead place the values itself with the placeholders
 * {@code {ip}}, {@code {prefix}}, {@code {gateway}} and {@code {mac}}; they are always replaced.
 *
 * @param kind the guest kind
 * @param kernel the kernel to boot directly, if any
 * @param initrd its initramfs, if any
 * @param baseDisk a disk that gets a per-instance qcow2 overlay, if any
 * @param cmdlineTemplate the command line with placeholders, before the address is known
 * @param imageSizeBytes the image's size on the host (kernel + initramfs, or the base disk)
 * @param description where the image came from
 * @param memoryFloorBytes the least memory the guest boots with
 * @param acpi whether the guest gets ACPI (graceful shutdown)
 */
record GuestPlan(GuestKind kind, Optional<Path> kernel, Optional<Path> initrd, Optional<Path> baseDisk, String cmdlineTemplate,
        long imageSizeBytes, String description, long memoryFloorBytes, boolean acpi) {

    /** Spec option choosing how a UNIKERNEL gets its address. */
    static final String CMDLINE_SYNTAX = "cmdline.syntax";
    static final Set<String> SPEC_OPTIONS = Set.of(CMDLINE_SYNTAX);

    static final long MIB = 1L << 20;
    /** Least memory of a unikernel: the api's minimum (Unikraft's nfvsink boots in 4 MiB). */
    static final long UNIKERNEL_FLOOR = VnfSpec.MIN_MEMORY_BYTES;
    /** Least memory of a Tinyx guest with a tailored kernel (34 MB seen here). */
    static final long TINYX_FLOOR = 36 * MIB;
    /** Least memory of a Tinyx guest built on a distribution kernel (88 MB seen here). */
    static final long TINYX_DISTRO_KERNEL_FLOOR = 96 * MIB;
    /** Least memory of a Debian VM. */
    static final long STANDARD_VM_FLOOR = 128 * MIB;

    /**
     * @param kind a guest kind this backend runs
     * @return the least memory any guest of that kind gets
     */
    static long kindFloor(GuestKind kind) {
        return switch (kind) {
            case UNIKERNEL -> UNIKERNEL_FLOOR;
            case TINYX -> TINYX_FLOOR;
            case STANDARD_VM -> STANDARD_VM_FLOOR;
            case CONTAINER -> throw new IllegalArgumentException("CONTAINER");
        };
    }

    /**
     * Works out the plan; builds or fetches a built-in image when the spec asks for one.
     *
     * @param spec the spec (guest kind already checked to be supported)
     * @param images the built-in image source
     * @param unikernelBuiltin the built-in unikernel: the configured one, else the one the jar carries
     *     (the backend passes one of them; empty only where no built-in is known, as in unit tests)
     * @param progress receives image build steps
     * @return the plan
     * @throws InvalidSpecException naming the field when files are missing or the memory is too small
     */
    static GuestPlan of(VnfSpec spec, GuestImageSource images, Optional<Path> unikernelBuiltin, BuildProgress progress) {
        for (String k : spec.options().keySet()) {
            if (!SPEC_OPTIONS.contains(k)) {
                throw new InvalidSpecException("options." + k, spec.options().get(k),
                        "unknown option of backend 'kvm'; known: " + SPEC_OPTIONS);
            }
        }
        String syntax = spec.options().getOrDefault(CMDLINE_SYNTAX, "unikraft").toLowerCase(Locale.ROOT);
        if (!syntax.equals("unikraft") && !syntax.equals("verbatim")) {
            throw new InvalidSpecException("options." + CMDLINE_SYNTAX, spec.options().get(CMDLINE_SYNTAX), "must be unikraft or verbatim");
        }
        if (syntax.equals("verbatim") && spec.guestKind() != GuestKind.UNIKERNEL) {
            throw new InvalidSpecException("options." + CMDLINE_SYNTAX, "verbatim", "applies to UNIKERNEL guests only");
        }
        checkFloor(spec, kindFloor(spec.guestKind()), "a " + spec.guestKind() + " guest");
        ImageRef image = spec.image();
        GuestPlan plan = switch (spec.guestKind()) {
            case UNIKERNEL -> unikernel(image, unikernelBuiltin, syntax);
            case TINYX -> tinyx(image, images, progress);
            case STANDARD_VM -> standardVm(image, images, progress);
            case CONTAINER -> throw new IllegalArgumentException("CONTAINER");
        };
        checkFloor(spec, plan.memoryFloorBytes(), "this " + spec.guestKind() + " image (" + plan.description() + ")");
        return plan;
    }

    private static void checkFloor(VnfSpec spec, long floor, String what) {
        if (spec.memoryBytes() < floor) {
            throw new InvalidSpecException("memoryBytes", spec.memoryBytes(),
                    what + " needs at least " + (floor / MIB) + " MiB (" + floor + ") on backend 'kvm'");
        }
    }

    private static GuestPlan unikernel(ImageRef image, Optional<Path> builtin, String syntax) {
        if (image instanceof ImageRef.Builtin) {
            Path k = builtin.orElseThrow(() -> new InvalidSpecException("image", "builtin",
                    "UNIKERNEL has no built-in image on this host: give ImageRef.kernel(path) (e.g. a Unikraft build for "
                            + "QEMU) or ImageRef.disk(path), or point option " + KvmOptions.UNIKERNEL_BUILTIN
                            + " / system property " + KvmOptions.UNIKERNEL_PROPERTY + " at a unikernel"));
            readable("image (builtin: " + KvmOptions.UNIKERNEL_BUILTIN + ")", k);
            return new GuestPlan(GuestKind.UNIKERNEL, Optional.of(k), Optional.empty(), Optional.empty(),
                    unikraft(""), size(k), "built-in unikernel " + k, UNIKERNEL_FLOOR, false);
        }
        if (image instanceof ImageRef.Kernel k) {
            readable("image.kernel", k.kernel());
            k.initrd().ifPresent(i -> readable("image.initrd", i));
            String cmd = k.cmdline();
            if (syntax.equals("unikraft") && !hasPlaceholder(cmd)) {
                if (cmd.contains("netdev.ip=")) {
                    throw new InvalidSpecException("image.cmdline", cmd, "must not set netdev.ip: the backend passes the address"
                            + " it assigned (fix it with NetworkAttachment.fixed(...)), or place it yourself with {ip}, {prefix},"
                            + " {gateway}");
                }
                cmd = unikraft(cmd);
            }
            long sz = size(k.kernel()) + k.initrd().map(GuestPlan::size).orElse(0L);
            return new GuestPlan(GuestKind.UNIKERNEL, Optional.of(k.kernel()), k.initrd(), Optional.empty(), cmd, sz,
                    "unikernel " + k.kernel(), UNIKERNEL_FLOOR, false);
        }
        if (image instanceof ImageRef.Disk d) {
            readable("image.disk", d.disk());
            return new GuestPlan(GuestKind.UNIKERNEL, Optional.empty(), Optional.empty(), Optional.of(d.disk()), "",
                    size(d.disk()), "unikernel disk " + d.disk(), UNIKERNEL_FLOOR, false);
        }
        throw new InvalidSpecException("image", image, "a UNIKERNEL guest needs ImageRef.kernel(...), disk(...) or builtin()");
    }

    private static String unikraft(String cmd) {
        String address = "netdev.ip={ip}/{prefix}:{gateway}";
        String c = cmd.strip();
        if (c.startsWith("--") || c.contains(" -- ") || c.endsWith(" --")) {
            return address + " " + c;
        }
        return c.isEmpty() ? address + " --" : address + " -- " + c;
    }

    private static GuestPlan tinyx(ImageRef image, GuestImageSource images, BuildProgress progress) {
        if (image instanceof ImageRef.Builtin) {
            TinyxImage t = images.tinyx(progress);
            // the compiled kernel's release ends in -tinyx (LOCALVERSION); the provenance may name Tinyx either way
            boolean tailored = t.kernelRelease().toLowerCase(Locale.ROOT).contains("tinyx");
            return new GuestPlan(GuestKind.TINYX, Optional.of(t.kernel()), Optional.of(t.initramfs()), Optional.empty(),
                    linuxCmdline("", ""), t.sizeBytes(), "built-in Tinyx " + t.kernelRelease() + " (" + t.provenance() + ")",
                    tailored ? TINYX_FLOOR : TINYX_DISTRO_KERNEL_FLOOR, false);
        }
        if (image instanceof ImageRef.Kernel k) {
            readable("image.kernel", k.kernel());
            k.initrd().ifPresent(i -> readable("image.initrd", i));
            long sz = size(k.kernel()) + k.initrd().map(GuestPlan::size).orElse(0L);
            return new GuestPlan(GuestKind.TINYX, Optional.of(k.kernel()), k.initrd(), Optional.empty(),
                    hasPlaceholder(k.cmdline()) ? k.cmdline() : linuxCmdline("", k.cmdline()), sz, "kernel " + k.kernel(),
                    TINYX_FLOOR, false);
        }
        throw new InvalidSpecException("image", image, "a TINYX guest boots a kernel: use ImageRef.builtin() or "
                + "ImageRef.kernel(path).withInitrd(path)");
    }

    private static GuestPlan standardVm(ImageRef image, GuestImageSource images, BuildProgress progress) {
        if (image instanceof ImageRef.Builtin) {
            DebianImage d = images.debian(progress);
            return new GuestPlan(GuestKind.STANDARD_VM, Optional.of(d.kernel()), Optional.of(d.initrd()), Optional.of(d.disk()),
                    linuxCmdline(d.kernelCmdline(), ""), d.sizeBytes(), "built-in Debian (" + d.provenance() + ")",
                    STANDARD_VM_FLOOR, true);
        }
        if (image instanceof ImageRef.Disk d) {
            readable("image.disk", d.disk());
            return new GuestPlan(GuestKind.STANDARD_VM, Optional.empty(), Optional.empty(), Optional.of(d.disk()), "",
                    size(d.disk()), "disk " + d.disk(), STANDARD_VM_FLOOR, true);
        }
        throw new InvalidSpecException("image", image, "a STANDARD_VM boots a disk: use ImageRef.builtin() or ImageRef.disk(path)");
    }

    private static String linuxCmdline(String imageCmdline, String userCmdline) {
        List<String> parts = new ArrayList<>();
        if (!imageCmdline.isBlank()) {
            parts.add(imageCmdline.strip());
        }
        String all = imageCmdline + " " + userCmdline;
        if (!all.contains("console=")) {
            parts.add("console=ttyS0");
        }
        parts.add("nfvlv.ip={ip}/{prefix}");
        parts.add("nfvlv.gw={gateway}");
        if (!userCmdline.isBlank()) {
            parts.add(userCmdline.strip());
        }
        return String.join(" ", parts);
    }

    private static boolean hasPlaceholder(String cmd) {
        return cmd.contains("{ip}");
    }

    /**
     * @param ip the guest's address
     * @param subnet its subnet
     * @param gateway the host's address on the bridge
     * @param mac the guest's MAC
     * @return the command line with every placeholder replaced
     */
    String cmdline(String ip, Ipv4Subnet subnet, String gateway, String mac) {
        String c = cmdlineTemplate;
        for (Map.Entry<String, String> e : Map.of("{ip}", ip, "{prefix}", Integer.toString(subnet.prefix()), "{gateway}", gateway,
                "{mac}", mac).entrySet()) {
            c = c.replace(e.getKey(), e.getValue());
        }
        return c;
    }

    private static void readable(String field, Path p) {
        if (!p.isAbsolute()) {
            throw new InvalidSpecException(field, p.toString(), "must be an absolute path");
        }
        if (!Files.isRegularFile(p)) {
            throw new InvalidSpecException(field, p.toString(), "must be an existing regular file on this host");
        }
        if (!Files.isReadable(p)) {
            throw new InvalidSpecException(field, p.toString(), "must be readable");
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
