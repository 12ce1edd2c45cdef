package io.nfvlightvirt.kvm;

import io.nfvlightvirt.BackendConfig;
import io.nfvlightvirt.InvalidSpecException;
import io.nfvlightvirt.libvirt.host.InstanceDirectory;
import io.nfvlightvirt.libvirt.net.Ipv4Subnet;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code kvm} backend's options ({@link BackendConfig#options()}); unknown keys are refused.
 *
 * <table>
 * <caption>Options</caption>
 * <tr><th>key</th><th>values</th><th>default</th></tr>
 * <tr><td>{@value #ACCELERATOR}</td><td>{@code auto}, {@code kvm}, {@code tcg}</td><td>{@code auto}: KVM if a
 *     test guest boots under it within the probe timeout, else TCG</td></tr>
 * <tr><td>{@value #PROBE_TIMEOUT}</td><td>a duration: {@code 5s}, {@code 800ms}, {@code PT5S}</td><td>5s</td></tr>
 * <tr><td>{@value #NETWORK_CIDR}</td><td>a free /24, e.g. {@code 10.150.7.0/24}</td><td>picked per owner, clear of
 *     every route and address on the host</td></tr>
 * <tr><td>{@value #INSTANCES_DIR}</td><td>a directory</td><td>{@code /var/lib/nfv-lightvirt/instances}</td></tr>
 * <tr><td>{@value #IMAGES_CACHE_DIR}</td><td>a directory</td><td>the image builder's default
 *     ({@code /var/cache/nfv-lightvirt} or {@code NFV_LIGHTVIRT_CACHE})</td></tr>
 * <tr><td>{@value #UNIKERNEL_BUILTIN}</td><td>a unikernel kernel file</td><td>system property
 *     {@value #UNIKERNEL_PROPERTY}, else environment {@value #UNIKERNEL_ENV}, else the Unikraft nfvsink this
 *     jar carries (see the module's {@code unikernel/README.md})</td></tr>
 * <tr><td>{@value #SKIP_CPU_FEATURE_QUERY}</td><td>{@code true}, {@code false}</td><td>{@code true}</td></tr>
 * <tr><td>{@value #CONSOLE}</td><td>{@code file}, {@code none}</td><td>{@code file} (console.log in the instance directory)</td></tr>
 * <tr><td>{@value #TINYX_KERNEL}</td><td>{@code auto}, {@code compiled}, {@code debian-cloud}, {@code no-compile}</td>
 *     <td>{@code auto}: the kernel compiled from {@code linux-source} (about 5 minutes, once per machine), Debian's
 *     cloud kernel when no source is installed; {@code no-compile}: the compiled kernel if it is cached, else the
 *     cloud kernel (for quick runs on a fresh machine)</td></tr>
 * <tr><td>{@value #STOP_TIMEOUT}</td><td>a duration</td><td>3s: how long a STANDARD_VM gets to power off
 *     after an ACPI shutdown before it is destroyed</td></tr>
 * </table>
 *
 * @param accelerator {@code auto}, {@code kvm} or {@code tcg}
 * @param probeTimeout how long the KVM test guest may take
 * @param networkCidr the bridge's subnet, when fixed
 * @param instancesDir where instance directories go
 * @param imagesCacheDir where the image builder caches, when set
 * @param unikernelBuiltin the built-in UNIKERNEL image, when configured (else the backend uses the bundled one)
 * @param skipCpuFeatureQuery see {@link io.nfvlightvirt.libvirt.domain.DomainDefinition#skipCpuFeatureQuery()}
 * @param consoleLog whether guests get a console log file
 * @param stopTimeout graceful stop budget
 * @param tinyxKernel which kernel the built-in TINYX image boots: {@value #TINYX_KERNEL_AUTO},
 *     {@value #TINYX_KERNEL_COMPILED}, {@value #TINYX_KERNEL_CLOUD} or {@value #TINYX_KERNEL_NO_COMPILE}
 */
public record KvmOptions(String accelerator, Duration probeTimeout, Optional<Ipv4Subnet> networkCidr, Path instancesDir,
        Optional<Path> imagesCacheDir, Optional<Path> unikernelBuiltin, boolean skipCpuFeatureQuery, boolean consoleLog,
        Duration stopTimeout, String tinyxKernel) {

    /** Option: accelerator choice. */
    public static final String ACCELERATOR = "accelerator";
    /** Option: KVM probe deadline. */
    public static final String PROBE_TIMEOUT = "accelerator.probe-timeout";
    /** Option: the bridge's /24. */
    public static final String NETWORK_CIDR = "network.cidr";
    /** Option: instance directory root. */
    public static final String INSTANCES_DIR = "instances.dir";
    /** Option: image builder cache. */
    public static final String IMAGES_CACHE_DIR = "images.cache-dir";
    /** Option: built-in UNIKERNEL kernel. */
    public static final String UNIKERNEL_BUILTIN = "unikernel.builtin";
    /** Option: skip libvirt's per-feature CPU query. */
    public static final String SKIP_CPU_FEATURE_QUERY = "libvirt.skip-cpu-feature-query";
    /** Option: console log. */
    public static final String CONSOLE = "console";
    /** Option: graceful stop budget. */
    public static final String STOP_TIMEOUT = "stop.timeout";
    /** Option: which kernel the built-in TINYX image boots. */
    public static final String TINYX_KERNEL = "tinyx.kernel";
    /** {@value #TINYX_KERNEL}: compiled when possible, else Debian's cloud kernel. */
    public static final String TINYX_KERNEL_AUTO = "auto";
    /** {@value #TINYX_KERNEL}: compiled, or an error naming what to install. */
    public static final String TINYX_KERNEL_COMPILED = "compiled";
    /** {@value #TINYX_KERNEL}: Debian's cloud kernel with its virtio modules. */
    public static final String TINYX_KERNEL_CLOUD = "debian-cloud";
    /** {@value #TINYX_KERNEL}: the compiled kernel when cached, else the cloud kernel; never compiles. */
    public static final String TINYX_KERNEL_NO_COMPILE = "no-compile";
    private static final List<String> TINYX_KERNELS = List.of(TINYX_KERNEL_AUTO, TINYX_KERNEL_COMPILED, TINYX_KERNEL_CLOUD,
            TINYX_KERNEL_NO_COMPILE);
    /** System property naming the built-in UNIKERNEL kernel. */
    public static final String UNIKERNEL_PROPERTY = "nfv.lightvirt.kvm.unikernel";
    /** Environment variable naming the built-in UNIKERNEL kernel. */
    public static final String UNIKERNEL_ENV = "NFV_LIGHTVIRT_UNIKERNEL";

    private static final Set<String> KEYS = Set.of(ACCELERATOR, PROBE_TIMEOUT, NETWORK_CIDR, INSTANCES_DIR, IMAGES_CACHE_DIR,
            UNIKERNEL_BUILTIN, SKIP_CPU_FEATURE_QUERY, CONSOLE, STOP_TIMEOUT, TINYX_KERNEL);
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s)");

    /**
     * @param config the backend configuration
     * @return the parsed options
     * @throws InvalidSpecException naming the option, its value and what is allowed
     */
    public static KvmOptions from(BackendConfig config) {
        return from(config.options(), System::getProperty, System::getenv);
    }

    static KvmOptions from(Map<String, String> o, Function<String, String> props, Function<String, String> env) {
        for (String k : o.keySet()) {
            if (!KEYS.contains(k)) {
                throw new InvalidSpecException("options." + k, o.get(k), "unknown option of backend 'kvm'; known: "
                        + new TreeSet<>(KEYS));
            }
        }
        String accel = o.getOrDefault(ACCELERATOR, "auto").toLowerCase(Locale.ROOT);
        if (!Set.of("auto", "kvm", "tcg").contains(accel)) {
            throw new InvalidSpecException("options." + ACCELERATOR, o.get(ACCELERATOR), "must be auto, kvm or tcg");
        }
        Duration probe = duration(PROBE_TIMEOUT, o.get(PROBE_TIMEOUT), Duration.ofSeconds(5));
        Optional<Ipv4Subnet> cidr = Optional.ofNullable(o.get(NETWORK_CIDR)).map(v -> {
            Ipv4Subnet s;
            try {
                s = Ipv4Subnet.parse(v);
            } catch (IllegalArgumentException e) {
                throw new InvalidSpecException("options." + NETWORK_CIDR, v, "must be an IPv4 /24 such as 10.150.7.0/24", e);
            }
            if (s.prefix() != 24) {
                throw new InvalidSpecException("options." + NETWORK_CIDR, v, "must be a /24");
            }
            return s;
        });
        Path instances = path("options." + INSTANCES_DIR, o.get(INSTANCES_DIR)).orElse(InstanceDirectory.DEFAULT_ROOT);
        Optional<Path> cache = path("options." + IMAGES_CACHE_DIR, o.get(IMAGES_CACHE_DIR));
        String uk = o.get(UNIKERNEL_BUILTIN);
        String ukField = "options." + UNIKERNEL_BUILTIN;
        if (uk == null) {
            uk = props.apply(UNIKERNEL_PROPERTY);
            ukField = "system property " + UNIKERNEL_PROPERTY;
        }
        if (uk == null) {
            uk = env.apply(UNIKERNEL_ENV);
            ukField = "environment " + UNIKERNEL_ENV;
        }
        Optional<Path> unikernel = path(ukField, uk);
        boolean skip = bool(SKIP_CPU_FEATURE_QUERY, o.get(SKIP_CPU_FEATURE_QUERY), true);
        String console = o.getOrDefault(CONSOLE, "file");
        if (!console.equals("file") && !console.equals("none")) {
            throw new InvalidSpecException("options." + CONSOLE, console, "must be file or none");
        }
        Duration stop = duration(STOP_TIMEOUT, o.get(STOP_TIMEOUT), Duration.ofSeconds(3));
        String tinyx = o.getOrDefault(TINYX_KERNEL, TINYX_KERNEL_AUTO).toLowerCase(Locale.ROOT);
        if (!TINYX_KERNELS.contains(tinyx)) {
            throw new InvalidSpecException("options." + TINYX_KERNEL, o.get(TINYX_KERNEL), "must be "
                    + String.join(", ", TINYX_KERNELS.subList(0, TINYX_KERNELS.size() - 1)) + " or " + TINYX_KERNELS.get(TINYX_KERNELS.size() - 1));
        }
        return new KvmOptions(accel, probe, cidr, instances, cache, unikernel, skip, console.equals("file"), stop, tinyx);
    }

    private static Optional<Path> path(String field, String v) {
        if (v == null || v.isBlank()) {
            return Optional.empty();
        }
        Path p = Path.of(v);
        if (!p.isAbsolute()) {
            throw new InvalidSpecException(field, v, "must be an absolute path");
        }
        return Optional.of(p);
    }

    private static boolean bool(String key, String v, boolean dflt) {
        if (v == null) {
            return dflt;
        }
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new InvalidSpecException("options." + key, v, "must be true or false");
    }

    static Duration duration(String key, String v, Duration dflt) {
        if (v == null) {
            return dflt;
        }
        Matcher m = SIMPLE_DURATION.matcher(v.strip());
        Duration d;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = m.group(2).equals("ms") ? Duration.ofMillis(n) : Duration.ofSeconds(n);
        } else {
            try {
                d = Duration.parse(v.strip());
            } catch (DateTimeParseException e) {
                throw new InvalidSpecException("options." + key, v, "must be a duration such as 5s, 800ms or PT5S", e);
            }
        }
        if (d.isNegative() || d.isZero() || d.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new InvalidSpecException("options." + key, v, "must be more than 0 and at most 10 minutes");
        }
        return d;
    }
}
