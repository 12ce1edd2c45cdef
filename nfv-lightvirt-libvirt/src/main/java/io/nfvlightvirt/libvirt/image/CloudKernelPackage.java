package io.nfvlightvirt.libvirt.image;

import io.nfvlightvirt.BackendUnavailableException;
import io.nfvlightvirt.OperationFailedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Debian's cloud kernel for a guest, without installing it on the host: the kernel package that
 * {@value #META_PACKAGE} depends on is downloaded with {@code apt-get download}, unpacked with
 * {@code dpkg-deb -x} into an image cache entry, and given its {@code modules.dep} with
 * {@code depmod -b}. Installing the package instead would add a boot entry to the host and build
 * an initramfs for a kernel the host never boots (two {@code update-initramfs} runs, about 40 s
 * of set-up measured here).
 */
final class CloudKernelPackage {
    /** The Debian package that names the current cloud kernel. */
    static final String META_PACKAGE = "linux-image-cloud-amd64";
    /** Part of the key: bump it when the steps change what they produce. */
    static final String BUILDER_VERSION = "1";
    /** The cache entries' kind: {@code debian-cloud-kernel-package-<hash>}. */
    static final String KIND = "debian-cloud-kernel-package";

    private static final Duration QUERY_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration UNPACK_TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern KERNEL_DEPENDENCY =
            Pattern.compile("(?m)^Depends:.*?\\b(linux-image-([0-9][^\\s,(]*-cloud-amd64))\\s*\\(=\\s*([^)\\s]+)\\s*\\)");

    /**
     * The unpacked package.
     *
     * @param bootDir its {@code boot/}, holding {@code vmlinuz-RELEASE}
     * @param modulesDir its {@code lib/modules/}, holding {@code RELEASE/modules.dep}
     * @param packageAndVersion e.g. {@code linux-image-6.1.0-57-cloud-amd64 6.1.192-3}
     */
    record Unpacked(Path bootDir, Path modulesDir, String packageAndVersion) {}

    /**
     * The kernel package a meta package depends on, as {@code apt-cache show} prints it.
     *
     * @param name e.g. {@code linux-image-6.1.0-57-cloud-amd64}
     * @param release the kernel release, e.g. {@code 6.1.0-57-cloud-amd64}
     * @param version the package version, e.g. {@code 6.1.192-3}
     */
    record KernelPackage(String name, String release, String version) {}

    private CloudKernelPackage() {}

    /**
     * @param aptCacheShow the output of {@code apt-cache show --no-all-versions linux-image-cloud-amd64}
     * @return the kernel package it depends on, if it names one with an exact version
     */
    static Optional<KernelPackage> parse(String aptCacheShow) {
        Matcher m = KERNEL_DEPENDENCY.matcher(aptCacheShow);
        return m.find() ? Optional.of(new KernelPackage(m.group(1), m.group(2), m.group(3))) : Optional.empty();
    }

    /**
     * Returns the unpacked cloud kernel, downloading and unpacking it into the cache first unless
     * that version is there already.
     *
     * @param cache the image cache
     * @param progress where the steps are reported
     * @return the unpacked package
     * @throws BackendUnavailableException when apt does not know the package (no lists, no
     *     Debian sources) or a tool is missing
     * @throws OperationFailedException when the download or unpacking fails
     */
    static Unpacked obtain(ImageCache cache, BuildProgress progress) {
        String aptCache = Exec.require("apt-cache", "apt");
        String show;
        try {
            show = Exec.capture("apt-cache show", List.of(aptCache, "show", "--no-all-versions", META_PACKAGE), QUERY_TIMEOUT);
        } catch (OperationFailedException e) {
            // without apt's lists, a package unpacked earlier still serves
            return cached(cache).orElseThrow(() -> new BackendUnavailableException("apt does not know " + META_PACKAGE
                    + " (" + e.getMessage() + "); run apt-get update, or install a cloud kernel: apt-get install " + META_PACKAGE, e));
        }
        KernelPackage pkg = parse(show).orElseThrow(() -> new BackendUnavailableException("apt-cache show " + META_PACKAGE
                + " names no linux-image-*-cloud-amd64 (= VERSION) dependency; install a cloud kernel: apt-get install " + META_PACKAGE));
        String aptGet = Exec.require("apt-get", "apt");
        String dpkgDeb = Exec.require("dpkg-deb", "dpkg");
        String depmod = Exec.require("depmod", "kmod");
        CacheKey key = CacheKey.of(KIND).part("builder", BUILDER_VERSION)
                .part("package", pkg.name()).part("version", pkg.version());
        String what = pkg.name() + " " + pkg.version();
        Path entry = cache.obtain(key.entryName(), progress, (out, work, log) -> {
            progress.step("cloud kernel: downloading " + what + " (apt-get download; it is unpacked, not installed on this host)");
            Exec.run("apt-get download", List.of(aptGet, "download", pkg.name() + "=" + pkg.version()), work,
                    Map.of("DEBIAN_FRONTEND", "noninteractive"), log, DOWNLOAD_TIMEOUT);
            Path deb;
            try (Stream<Path> s = Files.list(work)) {
                deb = s.filter(p -> p.getFileName().toString().endsWith(".deb")).findFirst()
                        .orElseThrow(() -> new OperationFailedException("apt-get download " + what + " left no .deb in " + work
                                + "; log: " + log));
            }
            progress.step("cloud kernel: unpacking " + deb.getFileName() + " (" + Files.size(deb) / (1024 * 1024) + " MiB)");
            Exec.run("dpkg-deb -x", List.of(dpkgDeb, "-x", deb.toString(), out.toString()), work, Map.of(), log, UNPACK_TIMEOUT);
            Exec.run("depmod -b", List.of(depmod, "-b", out.toString(), pkg.release()), work, Map.of(), log, UNPACK_TIMEOUT);
            if (!Files.isReadable(out.resolve("boot/vmlinuz-" + pkg.release()))
                    || !Files.isReadable(out.resolve("lib/modules/" + pkg.release() + "/modules.dep"))) {
                throw new OperationFailedException(deb.getFileName() + " has no boot/vmlinuz-" + pkg.release()
                        + " or lib/modules/" + pkg.release() + "; log: " + log);
            }
            return Map.of("package", what, "kernelRelease", pkg.release(), "debBytes", Long.toString(Files.size(deb)));
        });
        return unpacked(entry);
    }

    private static Unpacked unpacked(Path entry) {
        return new Unpacked(entry.resolve("boot"), entry.resolve("lib/modules"),
                ImageCache.manifest(entry).getProperty("package") + ", downloaded and unpacked, not installed");
    }

    /**
     * @param cache the image cache
     * @return the newest complete entry of this kind, if any
     */
    static Optional<Unpacked> cached(ImageCache cache) {
        try (Stream<Path> s = Files.list(cache.root())) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(KIND + "-")).map(cache::lookup)
                    .flatMap(Optional::stream)
                    .max(Comparator.comparing(e -> TinyxBuilder.versionKey(ImageCache.manifest(e).getProperty("kernelRelease", ""))))
                    .map(CloudKernelPackage::unpacked);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
