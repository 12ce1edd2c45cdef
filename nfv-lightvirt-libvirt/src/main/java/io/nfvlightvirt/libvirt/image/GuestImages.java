package io.nfvlightvirt.libvirt.image;

import io.nfvlightvirt.BackendUnavailableException;
import io.nfvlightvirt.OperationFailedException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the guest images the KVM and Xen backends boot, from what a Debian host has, and keeps
 * them in a cache directory outside any checkout so that each is built once per machine:
 *
 * <ul>
 *   <li>{@link #tinyx(BuildProgress)}: a Tinyx guest, a kernel compiled from Debian's
 *       {@code linux-source} with a tiny configuration (about 11 minutes on 2 cores, once) plus an
 *       initramfs of busybox and iperf3; Debian's cloud kernel when no source is installed (the
 *       installed one, else its package downloaded and unpacked into the cache, not installed);</li>
 *   <li>{@link #debian(BuildProgress)}: a standard VM, a Debian bookworm disk image made with
 *       debootstrap (about 2 minutes, once; needs root).</li>
 * </ul>
 *
 * <p>Every image keeps {@link GuestContract}. Entries are named by a hash of everything that
 * determines their content (configuration text, source package versions, builder version), built
 * in a temporary directory and renamed into place, and guarded by a lock file, so concurrent
 * callers (threads or processes) build an entry once and never see half of one. The files returned
 * belong to the cache: hand a hypervisor a private copy (or an overlay), never the cached file.
 *
 * <p>Methods throw {@link BackendUnavailableException} when the host lacks a tool or package (the
 * message names the Debian package to install) and {@link OperationFailedException} when a build
 * step fails (the message names the step and the log file in the cache's {@code logs/}).
 */
public final class GuestImages {
    /** Environment variable that overrides {@link #defaultCacheDir()}. */
    public static final String CACHE_VARIABLE = "NFV_LIGHTVIRT_CACHE";
    /** The cache directory used when {@value #CACHE_VARIABLE} is not set. */
    public static final Path SYSTEM_CACHE_DIR = Path.of("/var/cache/nfv-lightvirt");

    private static final Logger LOG = LoggerFactory.getLogger(GuestImages.class);

    private final ImageCache cache;
    private final TinyxBuilder tinyx;
    private final DebianBuilder debian;

    /**
     * Does no I/O; directories are made by the first build.
     *
     * @param cacheDir where images are kept, e.g. {@link #defaultCacheDir()}
     */
    public GuestImages(Path cacheDir) {
        this(cacheDir, Path.of("/usr/src"), Path.of("/boot"), Path.of("/lib/modules"), Path.of("/etc/apt"));
    }

    GuestImages(Path cacheDir, Path srcDir, Path bootDir, Path modulesDir, Path aptDir) {
        this.cache = new ImageCache(Objects.requireNonNull(cacheDir, "cacheDir"));
        this.tinyx = new TinyxBuilder(cache, srcDir, bootDir, modulesDir);
        this.debian = new DebianBuilder(cache, aptDir);
    }

    /** @return {@code $NFV_LIGHTVIRT_CACHE} when set, else {@code /var/cache/nfv-lightvirt} */
    public static Path defaultCacheDir() {
        String env = System.getenv(CACHE_VARIABLE);
        return env == null || env.isBlank() ? SYSTEM_CACHE_DIR : Path.of(env.strip());
    }

    /** @return the cache directory */
    public Path cacheDir() {
        return cache.root();
    }

    /**
     * The Tinyx guest for QEMU (KVM or TCG): {@link TinyxFlavor#QEMU_KVM} when a kernel can be
     * compiled here, else {@link TinyxFlavor#DEBIAN_CLOUD_KERNEL}; the image's provenance says
     * which, and why.
     *
     * @param progress receives progress while a build runs (a compile reports every few seconds)
     * @return the image, from the cache or built now
     * @throws BackendUnavailableException when neither kernel source nor a cloud kernel is installed and
     *     apt cannot download the cloud kernel's package
     * @throws OperationFailedException when a build step fails
     */
    public TinyxImage tinyx(BuildProgress progress) {
        Objects.requireNonNull(progress, "progress");
        Optional<String> why = tinyx.whyNoCompile();
        if (why.isPresent()) {
            LOG.warn("Tinyx: using Debian's cloud kernel instead of a compiled one: {}", why.get());
            return tinyx.cloudKernel(progress, why.get());
        }
        return tinyx.build(TinyxFlavor.QEMU_KVM, progress);
    }

    /**
     * The Tinyx guest without a kernel compile: the compiled {@link TinyxFlavor#QEMU_KVM} kernel when
     * it is in the cache already, else {@link TinyxFlavor#DEBIAN_CLOUD_KERNEL}, whose provenance then
     * says that the compiled kernel was not built. For runs that must be quick on a fresh machine.
     *
     * @param progress receives progress (copying and packing take seconds)
     * @return the image
     * @throws BackendUnavailableException when no cloud kernel is installed and apt cannot download one either
     * @throws OperationFailedException when a build step fails
     */
    public TinyxImage tinyxWithoutCompiling(BuildProgress progress) {
        Objects.requireNonNull(progress, "progress");
        if (tinyx.compiledKernelCached(TinyxFlavor.QEMU_KVM)) {
            return tinyx.build(TinyxFlavor.QEMU_KVM, progress);
        }
        return tinyx.cloudKernel(progress, "the compiled Tinyx kernel is not in " + cache.root()
                + " yet and this run asked not to compile it (about 5 minutes on 2 cores, once)");
    }

    /**
     * @param flavor which kernel; a compiled flavour does not fall back to the cloud kernel
     * @param progress receives progress while a build runs
     * @return the image, from the cache or built now
     * @throws BackendUnavailableException when the flavour cannot be built on this host (the
     *     message says what to install)
     * @throws OperationFailedException when a build step fails
     */
    public TinyxImage tinyx(TinyxFlavor flavor, BuildProgress progress) {
        Objects.requireNonNull(flavor, "flavor");
        Objects.requireNonNull(progress, "progress");
        return tinyx.build(flavor, progress);
    }

    /**
     * The standard VM: Debian bookworm (minbase + kernel, systemd, udev, iproute2, iperf3) as a
     * qcow2 disk with its kernel and initrd beside it, booted with {@link DebianImage#kernelCmdline()}
     * plus the {@link GuestContract} arguments.
     *
     * @param progress receives progress while a build runs
     * @return the image, from the cache or built now
     * @throws BackendUnavailableException when not root or debootstrap, mke2fs or qemu-img is missing
     * @throws OperationFailedException when a build step fails
     */
    public DebianImage debian(BuildProgress progress) {
        Objects.requireNonNull(progress, "progress");
        return debian.build(progress);
    }
}
