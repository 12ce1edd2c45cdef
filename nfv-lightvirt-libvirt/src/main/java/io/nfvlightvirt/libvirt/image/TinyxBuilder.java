package io.nfvlightvirt.libvirt.image;

import io.nfvlightvirt.BackendUnavailableException;
import io.nfvlightvirt.OperationFailedException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds Tinyx guests: a kernel (compiled from linux-source with a tiny configuration, or Debian's
 * cloud kernel) and an initramfs with busybox, iperf3 and its libraries, and the {@code /init} of
 * {@link GuestInit#tinyxInit(List)}. Kernel and initramfs are separate cache entries, so a change
 * to the init script does not compile the kernel again.
 */
final class TinyxBuilder {
    /** Part of every key: bump it when the build steps change what they produce. */
    static final String BUILDER_VERSION = "1";
    /** Objects compiled by a tinyx kernel build, used for progress until one build has counted them. */
    static final int ESTIMATED_OBJECTS = 760;
    /** How the initramfs is compressed (xz that unpacks in a 64 MB guest; see the shared Tinyx notes). */
    static final List<String> XZ_OPTIONS = List.of("--check=crc32", "--x86", "--lzma2=preset=9e,dict=4MiB");
    /** The modules the cloud kernel needs for virtio-net over PCI (their dependencies come from modules.dep). */
    static final List<String> CLOUD_KERNEL_MODULES = List.of("virtio_pci", "virtio_net");

    private static final Logger LOG = LoggerFactory.getLogger(TinyxBuilder.class);
    private static final Duration EXTRACT_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration MAKE_TIMEOUT = Duration.ofHours(3);
    private static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final Path IPERF3 = Path.of("/usr/bin/iperf3");

    private final ImageCache cache;
    private final Path srcDir;
    private final Path bootDir;
    private final Path modulesDir;
    /** The cloud-kernel images found or built by this builder, by fallback reason. */
    private final Map<String, TinyxImage> cloudImages = new java.util.concurrent.ConcurrentHashMap<>();

    TinyxBuilder(ImageCache cache, Path srcDir, Path bootDir, Path modulesDir) {
        this.cache = cache;
        this.srcDir = srcDir;
        this.bootDir = bootDir;
        this.modulesDir = modulesDir;
    }

    /**
     * @return why no kernel can be compiled here (no source package, a missing tool), or empty when one can
     */
    Optional<String> whyNoCompile() {
        if (KernelSource.find(srcDir).isEmpty()) {
            return Optional.of("no kernel source at " + srcDir + "/linux-source-*.tar.xz (apt-get install linux-source-6.1)");
        }
        List<String> missing = new ArrayList<>();
        Map<String, String> tools = new LinkedHashMap<>();
        tools.put("make", "make");
        tools.put("gcc", "gcc");
        tools.put("bison", "bison");
        tools.put("flex", "flex");
        tools.put("bc", "bc");
        tools.put("tar", "tar");
        tools.put("xz", "xz-utils");
        tools.put("perl", "perl");
        tools.forEach((tool, pkg) -> {
            if (Exec.find(tool).isEmpty()) {
                missing.add(pkg);
            }
        });
        if (!Files.exists(Path.of("/usr/include/libelf.h"))) {
            missing.add("libelf-dev");
        }
        return missing.isEmpty() ? Optional.empty()
                : Optional.of("kernel build tools missing (apt-get install " + String.join(" ", missing) + ")");
    }

    /**
     * @param flavor which kernel
     * @param progress where progress goes
     * @return the guest, built now or taken from the cache
     */
    TinyxImage build(TinyxFlavor flavor, BuildProgress progress) {
        if (flavor.compiled()) {
            Optional<String> why = whyNoCompile();
            if (why.isPresent()) {
                throw new BackendUnavailableException("cannot build the " + flavor + " Tinyx kernel: " + why.get()
                        + "; or use TinyxFlavor.DEBIAN_CLOUD_KERNEL");
            }
            KernelSource source = KernelSource.find(srcDir).orElseThrow();
            Path kernelEntry = compiledKernel(flavor, source, progress);
            Properties k = ImageCache.manifest(kernelEntry);
            Path initramfsEntry = initramfs(List.of(), progress);
            return new TinyxImage(kernelEntry.resolve("bzImage"), initramfsEntry.resolve("initramfs.cpio.xz"),
                    k.getProperty("kernelRelease"),
                    source.packageName() + " " + source.version() + " + tinyconfig + " + String.join(" + ", flavor.fragments())
                            + "; initramfs: " + ImageCache.manifest(initramfsEntry).getProperty("contents"));
        }
        return cloudKernel(progress, null);
    }

    /**
     * @param progress where progress goes
     * @param fallbackReason why the compiled kernel was not used, or null when this flavour was asked for
     * @return the guest on Debian's cloud kernel
     */
    TinyxImage cloudKernel(BuildProgress progress, String fallbackReason) {
        // create asks for the image each time, inside the timed instantiation: after the first call
        // (prepare) it costs two file checks, not apt-cache (about 1 s) and hashing the kernel
        String memo = String.valueOf(fallbackReason);
        TinyxImage known = cloudImages.get(memo);
        if (known != null && Files.isReadable(known.kernel()) && Files.isReadable(known.initramfs())) {
            return known;
        }
        TinyxImage image = findOrBuildCloudKernel(progress, fallbackReason);
        cloudImages.put(memo, image);
        return image;
    }

    private TinyxImage findOrBuildCloudKernel(BuildProgress progress, String fallbackReason) {
        // an installed cloud kernel is used as it is; else the package is downloaded and unpacked, not installed
        Path vmlinuz;
        Path modulesRoot;
        String packageName;
        Optional<Path> installed = newestCloudKernel(bootDir);
        if (installed.isPresent()) {
            vmlinuz = installed.get();
            modulesRoot = modulesDir;
            packageName = null;
        } else {
            CloudKernelPackage.Unpacked unpacked = CloudKernelPackage.obtain(cache, progress);
            vmlinuz = newestCloudKernel(unpacked.bootDir()).orElseThrow(() -> new OperationFailedException(
                    "no vmlinuz-*-cloud-amd64 in " + unpacked.bootDir() + " (" + unpacked.packageAndVersion() + ")"));
            modulesRoot = unpacked.modulesDir();
            packageName = unpacked.packageAndVersion();
        }
        Path kernelFile = vmlinuz;
        String kernelPackage = packageName;
        String release = vmlinuz.getFileName().toString().substring("vmlinuz-".length());
        Path moduleRoot = modulesRoot.resolve(release);
        List<String> order;
        try {
            order = ModuleOrder.parse(Files.readString(moduleRoot.resolve("modules.dep"), StandardCharsets.UTF_8))
                    .loadOrder(CLOUD_KERNEL_MODULES);
        } catch (IOException e) {
            throw new BackendUnavailableException("cannot read " + moduleRoot.resolve("modules.dep")
                    + " for the cloud kernel's virtio modules: " + e.getMessage()
                    + (packageName == null ? " (apt-get install --reinstall linux-image-" + release + ")"
                    : " (remove the cache entry " + modulesRoot.getParent().getParent() + " to unpack the package again)"));
        }
        List<HostModule> modules = new ArrayList<>();
        for (String rel : order) {
            if (!rel.endsWith(".ko")) {
                throw new OperationFailedException("cloud kernel module " + rel + " is compressed; busybox insmod needs a plain .ko");
            }
            modules.add(new HostModule("lib/modules/" + ModuleOrder.name(rel) + ".ko", moduleRoot.resolve(rel)));
        }
        CacheKey key = CacheKey.of("tinyx-cloud-kernel").part("builder", BUILDER_VERSION)
                .part("release", release).part("vmlinuz", Files256.sha256(vmlinuz));
        Path kernelEntry = cache.obtain(key.entryName(), progress, (out, work, log) -> {
            progress.step("tinyx: copying Debian's cloud kernel " + kernelFile);
            Files.copy(kernelFile, out.resolve("vmlinuz"));
            Map<String, String> facts = new HashMap<>();
            facts.put("kernelRelease", release);
            facts.put("source", kernelFile.toString());
            facts.put("package", kernelPackage != null ? kernelPackage : packageOf(kernelFile));
            return facts;
        });
        Path initramfsEntry = initramfs(modules, progress);
        String provenance = "debian cloud kernel " + release + " (" + ImageCache.manifest(kernelEntry).getProperty("package")
                + ") + virtio modules " + modules.stream().map(m -> ModuleOrder.name(m.pathInImage())).toList()
                + "; initramfs: " + ImageCache.manifest(initramfsEntry).getProperty("contents")
                + (fallbackReason == null ? "" : " (fallback: " + fallbackReason + ")");
        return new TinyxImage(kernelEntry.resolve("vmlinuz"), initramfsEntry.resolve("initramfs.cpio.xz"), release, provenance);
    }

    private static Optional<Path> newestCloudKernel(Path bootDir) {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(bootDir, "vmlinuz-*-cloud-amd64")) {
            ds.forEach(found::add);
        } catch (IOException e) {
            // handled by the caller: nothing found
        }
        return found.stream().filter(Files::isReadable).max(Comparator.comparing(p -> versionKey(p.getFileName().toString())));
    }

    /** Pads the numbers in a name so that 6.1.0-56 sorts after 6.1.0-9. */
    static String versionKey(String name) {
        StringBuilder sb = new StringBuilder();
        for (String part : name.split("(?<=\\D)(?=\\d)|(?<=\\d)(?=\\D)")) {
            sb.append(part.chars().allMatch(Character::isDigit) ? String.format("%010d", Long.parseLong(part)) : part);
        }
        return sb.toString();
    }

    private static String packageOf(Path file) {
        try {
            String owner = Exec.capture("dpkg -S", List.of("dpkg-query", "-S", file.toString()), Duration.ofSeconds(30));
            String pkg = owner.substring(0, owner.indexOf(':')).strip();
            return pkg + " " + Exec.capture("dpkg-query -W", List.of("dpkg-query", "-W", "-f=${Version}", pkg), Duration.ofSeconds(30)).strip();
        } catch (RuntimeException e) {
            return "unpackaged";
        }
    }

    // --- the compiled kernel -----------------------------------------------------------------

    /**
     * @param flavor a compiled flavour
     * @return whether its kernel is in the cache already (so that {@link #build} compiles nothing);
     *     false when it cannot be compiled here at all
     */
    boolean compiledKernelCached(TinyxFlavor flavor) {
        if (!flavor.compiled() || whyNoCompile().isPresent()) {
            return false;
        }
        KernelSource source = KernelSource.find(srcDir).orElseThrow();
        return cache.lookup(compiledKernelKey(flavor, source, compilerVersion()).entryName()).isPresent();
    }

    private static String fragmentText(TinyxFlavor flavor) {
        StringBuilder fragmentText = new StringBuilder();
        for (String name : flavor.fragments()) {
            fragmentText.append("# --- ").append(name).append('\n').append(resource(name));
        }
        return fragmentText.toString();
    }

    private static CacheKey compiledKernelKey(TinyxFlavor flavor, KernelSource source, String compiler) {
        return CacheKey.of("tinyx-kernel-" + flavor.id()).part("builder", BUILDER_VERSION)
                .part("arch", "x86_64").part("base", "tinyconfig").part("fragments", fragmentText(flavor))
                .part("linux-source", source.packageName() + "=" + source.version()).part("compiler", compiler);
    }

    private Path compiledKernel(TinyxFlavor flavor, KernelSource source, BuildProgress progress) {
        List<Map<String, String>> fragments = new ArrayList<>();
        for (String name : flavor.fragments()) {
            fragments.add(Kconfig.parse(resource(name)));
        }
        String compiler = compilerVersion();
        CacheKey key = compiledKernelKey(flavor, source, compiler);
        Path statsFile = cache.root().resolve("stats").resolve("tinyx-kernel-" + flavor.id() + ".objects");
        return cache.obtain(key.entryName(), progress, (out, work, log) -> {
            Instant start = Instant.now();
            Path tree = Files.createDirectory(work.resolve("linux"));
            String label = "tinyx kernel (" + flavor.id() + ")";
            progress.step(label + ": extracting " + source.tarball() + " (log " + log + ")");
            try (Ticker t = Ticker.start(progress, d -> label + ": extracting " + source.tarball().getFileName() + ", " + Ticker.format(d))) {
                Exec.run("extracting " + source.tarball(), List.of("tar", "-xf", source.tarball().toString(), "-C", tree.toString(),
                        "--strip-components=1"), work, Map.of(), log, EXTRACT_TIMEOUT);
            }
            Duration extract = Duration.between(start, Instant.now());
            make(tree, log, "tinyconfig");
            Map<String, String> requested = Kconfig.merge(Map.of(), fragments);
            Path dotConfig = tree.resolve(".config");
            Files.writeString(dotConfig, Kconfig.render(Kconfig.merge(Kconfig.parse(Files.readString(dotConfig)), List.of(requested))));
            make(tree, log, "olddefconfig");
            List<String> unmet = Kconfig.unmet(requested, Kconfig.parse(Files.readString(dotConfig)));
            if (!unmet.isEmpty()) {
                throw new OperationFailedException(label + ": " + source.packageName() + " " + source.version()
                        + " does not accept the Tinyx configuration (a dependency changed?): " + unmet);
            }
            int expected = expectedObjects(statsFile);
            int jobs = Runtime.getRuntime().availableProcessors();
            progress.step(label + ": compiling with make -j" + jobs + " bzImage (about " + expected + " objects; log " + log + ")");
            Instant compileStart = Instant.now();
            try (Ticker t = Ticker.start(progress, d -> label + ": compiling " + countCompiled(log) + "/~" + expected
                    + " objects, " + Ticker.format(d))) {
                make(tree, log, "-j" + jobs, "bzImage");
            }
            Duration compile = Duration.between(compileStart, Instant.now());
            int objects = countCompiled(log);
            Files.createDirectories(statsFile.getParent());
            Files.writeString(statsFile, Integer.toString(objects) + "\n");
            Files.copy(tree.resolve("arch/x86/boot/bzImage"), out.resolve("bzImage"));
            Files.copy(dotConfig, out.resolve("config"));
            String release = Files.readString(tree.resolve("include/config/kernel.release")).strip();
            Map<String, String> facts = new HashMap<>();
            facts.put("kernelRelease", release);
            facts.put("source", source.packageName() + " " + source.version());
            facts.put("flavor", flavor.name());
            facts.put("fragments", String.join(",", flavor.fragments()));
            facts.put("compiler", compiler);
            facts.put("objects", Integer.toString(objects));
            facts.put("extractMillis", Long.toString(extract.toMillis()));
            facts.put("compileMillis", Long.toString(compile.toMillis()));
            facts.put("jobs", Integer.toString(jobs));
            LOG.info("{}: {} compiled in {} ({} objects, -j{})", label, release, Ticker.format(compile), objects, jobs);
            return facts;
        });
    }

    private static void make(Path tree, Path log, String... targets) {
        List<String> cmd = new ArrayList<>(List.of("make", "ARCH=x86_64"));
        cmd.addAll(List.of(targets));
        Map<String, String> env = new HashMap<>();
        // a make or maven that started us must not pass its own jobserver or flags to the kernel's make
        env.put("MAKEFLAGS", null);
        env.put("MFLAGS", null);
        env.put("MAKELEVEL", null);
        env.put("KBUILD_BUILD_USER", "nfv-lightvirt");
        env.put("KBUILD_BUILD_HOST", "localhost");
        Exec.run("make " + String.join(" ", targets) + " in " + tree, cmd, tree, env, log, MAKE_TIMEOUT);
    }

    private static int expectedObjects(Path statsFile) {
        try {
            return Integer.parseInt(Files.readString(statsFile).strip());
        } catch (IOException | NumberFormatException e) {
            return ESTIMATED_OBJECTS;
        }
    }

    /**
     * @param log a kernel build log
     * @return how many {@code CC} lines (compiled objects) it holds so far
     */
    static int countCompiled(Path log) {
        try (var lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            return (int) lines.filter(TinyxBuilder::isCompileLine).count();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    /**
     * @param line a line of kbuild's quiet output
     * @return whether it reports one compiled C object ({@code "  CC      kernel/fork.o"})
     */
    static boolean isCompileLine(String line) {
        return line.startsWith("  CC ") && !line.startsWith("  CC [M]");
    }

    private static String compilerVersion() {
        try {
            return Exec.capture("gcc --version", List.of("gcc", "--version"), Duration.ofSeconds(30)).lines().findFirst().orElse("gcc");
        } catch (RuntimeException e) {
            return "unknown";
        }
    }

    static String resource(String name) {
        try (InputStream in = TinyxBuilder.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " missing from " + TinyxBuilder.class.getPackageName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- the initramfs -----------------------------------------------------------------------

    /**
     * A kernel module copied into the initramfs.
     *
     * @param pathInImage where it goes, e.g. {@code lib/modules/virtio_net.ko}
     * @param hostFile the file on this host
     */
    record HostModule(String pathInImage, Path hostFile) {}

    private Path initramfs(List<HostModule> modules, BuildProgress progress) {
        if (!Files.isRegularFile(BUSYBOX)) {
            throw new BackendUnavailableException("no " + BUSYBOX + " (apt-get install busybox-static)");
        }
        if (!Files.isRegularFile(IPERF3)) {
            throw new BackendUnavailableException("no " + IPERF3 + " (apt-get install iperf3)");
        }
        if (!SharedLibraries.parse(BUSYBOX.toString(), ldd(BUSYBOX)).isEmpty()) {
            throw new BackendUnavailableException(BUSYBOX + " is dynamically linked; the initramfs needs busybox-static (apt-get install busybox-static)");
        }
        List<Path> libraries = SharedLibraries.parse(IPERF3.toString(), ldd(IPERF3));
        String init = GuestInit.tinyxInit(modules.stream().map(m -> "/" + m.pathInImage()).toList());
        CacheKey key = CacheKey.of("tinyx-initramfs").part("builder", BUILDER_VERSION).part("init", init)
                .part("xz", String.join(" ", XZ_OPTIONS))
                .part(BUSYBOX.toString(), Files256.sha256(BUSYBOX)).part(IPERF3.toString(), Files256.sha256(IPERF3));
        for (Path lib : libraries) {
            key.part(lib.toString(), Files256.sha256(lib));
        }
        for (HostModule m : modules) {
            key.part(m.pathInImage(), Files256.sha256(m.hostFile()));
        }
        String contents = "busybox " + versionOf("busybox-static") + " + iperf3 " + versionOf("iperf3") + " with "
                + libraries.size() + " libraries" + (modules.isEmpty() ? "" : " + " + modules.size() + " modules") + ", xz";
        return cache.obtain(key.entryName(), progress, (out, work, log) -> {
            progress.step("tinyx initramfs: " + contents);
            Path cpio = work.resolve("initramfs.cpio");
            try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(cpio)); CpioArchive a = new CpioArchive(o)) {
                for (String d : List.of("bin", "sbin", "usr/bin", "usr/sbin", "etc", "root", "proc", "sys", "dev", "lib", "lib64")) {
                    a.directory(d, 0755);
                }
                a.directory("tmp", 01777);
                a.characterDevice("dev/console", 0600, 5, 1);
                a.characterDevice("dev/null", 0666, 1, 3);
                a.file("bin/busybox", 0755, BUSYBOX);
                a.symlink("bin/sh", "busybox");
                a.file("init", 0755, init.getBytes(StandardCharsets.UTF_8));
                a.file("usr/bin/iperf3", 0755, IPERF3);
                for (Path lib : libraries) {
                    a.file(lib.toString(), 0755, lib);
                }
                for (HostModule m : modules) {
                    a.file(m.pathInImage(), 0644, m.hostFile());
                }
            }
            List<String> xz = new ArrayList<>(List.of("xz", "-T1", "-f"));
            xz.addAll(XZ_OPTIONS);
            xz.add(cpio.toString());
            long uncompressed = Files.size(cpio);
            Exec.run("compressing the initramfs", xz, work, Map.of(), log, Duration.ofMinutes(10));
            Files.move(work.resolve("initramfs.cpio.xz"), out.resolve("initramfs.cpio.xz"), StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(out.resolve("init"), init);
            Map<String, String> facts = new HashMap<>();
            facts.put("contents", contents);
            facts.put("libraries", libraries.toString());
            facts.put("modules", modules.stream().map(HostModule::pathInImage).toList().toString());
            facts.put("uncompressedBytes", Long.toString(uncompressed));
            return facts;
        });
    }

    private static String ldd(Path program) {
        try {
            return Exec.capture("ldd " + program, List.of("ldd", program.toString()), Duration.ofSeconds(30));
        } catch (OperationFailedException e) {
            // ldd exits 1 for a static program, printing "not a dynamic executable"
            if (e.getMessage().contains("not a dynamic executable")) {
                return "\tnot a dynamic executable\n";
            }
            throw e;
        }
    }

    private static String versionOf(String pkg) {
        try {
            return Exec.capture("dpkg-query -W", List.of("dpkg-query", "-W", "-f=${Version}", pkg), Duration.ofSeconds(30)).strip();
        } catch (RuntimeException e) {
            return "(version unknown)";
        }
    }
}
