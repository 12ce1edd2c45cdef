package io.nfvlightvirt.kvm;

import io.nfvlightvirt.BackendConfig;
import io.nfvlightvirt.BackendUnavailableException;
import io.nfvlightvirt.InvalidSpecException;
import io.nfvlightvirt.LightVirtException;
import io.nfvlightvirt.VirtualizationBackend;
import io.nfvlightvirt.libvirt.connect.LibvirtConnection;
import io.nfvlightvirt.libvirt.connect.LibvirtUris;
import io.nfvlightvirt.libvirt.host.InstanceDirectory;
import io.nfvlightvirt.libvirt.host.QemuUser;
import io.nfvlightvirt.libvirt.net.HostNetwork;
import io.nfvlightvirt.libvirt.net.IpCommand;
import io.nfvlightvirt.spi.Availability;
import io.nfvlightvirt.spi.BackendProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.libvirt.LibvirtException;

/**
 * Provider of the {@code kvm} backend: QEMU guests (STANDARD_VM, TINYX, UNIKERNEL) through
 * libvirt, under KVM when a test guest proves it works and TCG otherwise. Found through
 * {@link java.util.ServiceLoader}; the constructor does no I/O.
 *
 * <p>Engine URI: {@code qemu:///system} by default; {@code qemu+unix:///system?socket=PATH}
 * for a daemon on another socket. The backend creates bridges, taps and files next to the
 * daemon, so the daemon must run on this host and the caller needs root (CAP_NET_ADMIN).
 * Options: see {@link KvmOptions}.
 */
public final class KvmBackendProvider implements BackendProvider {
    /** The id users select this backend by. */
    public static final String ID = "kvm";

    private final Optional<GuestImageSource> images;

    /** Uses the library's image builder for built-in TINYX and STANDARD_VM images. Does no I/O. */
    public KvmBackendProvider() {
        this.images = Optional.empty();
    }

    /**
     * @param images where built-in TINYX and STANDARD_VM images come from
     */
    public KvmBackendProvider(GuestImageSource images) {
        this.images = Optional.of(Objects.requireNonNull(images, "images"));
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int priority() {
        return 200;
    }

    @Override
    public Availability probe(BackendConfig config) {
        URI uri;
        try {
            uri = LibvirtUris.resolve(config.engineUri(), LibvirtUris.DEFAULT_QEMU, "qemu");
            KvmOptions.from(config);
            checkLocalAndPrivileged(uri);
        } catch (LightVirtException e) {
            return Availability.unusable(e.getMessage());
        }
        try (LibvirtConnection c = LibvirtConnection.open(uri)) {
            String type = c.raw().getType();
            if (!"QEMU".equalsIgnoreCase(type)) {
                return Availability.unusable("libvirt at " + uri + " drives '" + type + "', not QEMU");
            }
            String accel = AcceleratorProbe.cached(uri.toString()).map(v -> v.type().accelerator() + " (" + v.reason() + ")")
                    .orElse(Files.exists(Path.of("/dev/kvm")) ? "KVM or TCG, decided by a test guest at the first create"
                            : "TCG (no /dev/kvm)");
            return Availability.usable("libvirt " + version(c.raw().getLibVersion()) + " with QEMU "
                    + version(c.raw().getVersion()) + " at " + uri + "; accelerator: " + accel);
        } catch (BackendUnavailableException e) {
            return Availability.unusable(e.getMessage());
        } catch (LibvirtException e) {
            return Availability.unusable("libvirt at " + uri + " answered with an error: " + LibvirtConnection.message(e));
        }
    }

    @Override
    public VirtualizationBackend open(BackendConfig config) {
        URI uri = LibvirtUris.resolve(config.engineUri(), LibvirtUris.DEFAULT_QEMU, "qemu");
        KvmOptions options = KvmOptions.from(config);
        checkLocalAndPrivileged(uri);
        LibvirtConnection conn = LibvirtConnection.open(uri);
        try {
            String type = conn.raw().getType();
            if (!"QEMU".equalsIgnoreCase(type)) {
                throw new BackendUnavailableException("libvirt at " + uri + " drives '" + type + "', not QEMU; "
                        + "install libvirt-daemon-driver-qemu or give a qemu:// URI");
            }
            String caps = conn.raw().getCapabilities();
            Optional<QemuUser> qemuUser = QemuUser.fromCapabilities(caps);
            List<String> securityModels = QemuUser.securityModels(caps);
            InstanceDirectory dirs = new InstanceDirectory(options.instancesDir(), qemuUser);
            HostNetwork network = new HostNetwork(new IpCommand(), KvmBackend.LINK_PREFIX);
            GuestImageSource src = images.orElseGet(() -> GuestImageSource.guestImages(options.imagesCacheDir(), options.tinyxKernel()));
            return new KvmBackend(conn, options, config.owner(), network, dirs, src, securityModels);
        } catch (LibvirtException e) {
            LightVirtException ex = conn.failure(e, "reading the host's capabilities");
            conn.close();
            throw ex;
        } catch (RuntimeException e) {
            conn.close();
            throw e;
        }
    }

    private static void checkLocalAndPrivileged(URI uri) {
        if (!LibvirtUris.isLocal(uri)) {
            throw new InvalidSpecException("engineUri", uri.toString(), "the kvm backend creates bridges, taps and files"
                    + " next to the libvirt daemon, so the daemon must run on this host (qemu:///system or"
                    + " qemu+unix:///system?socket=PATH); remote daemons are not supported by this version");
        }
        if (!hasNetAdmin()) {
            throw new BackendUnavailableException("the kvm backend needs root (CAP_NET_ADMIN) to create bridges and taps;"
                    + " run as root");
        }
    }

    private static boolean hasNetAdmin() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("CapEff:")) {
                    long caps = Long.parseUnsignedLong(line.substring(7).strip(), 16);
                    return (caps & (1L << 12)) != 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return false;
        }
        return false;
    }

    private static String version(long v) {
        return (v / 1_000_000) + "." + (v / 1000 % 1000) + "." + (v % 1000);
    }
}
