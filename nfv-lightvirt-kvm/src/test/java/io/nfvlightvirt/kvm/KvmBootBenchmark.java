package io.nfvlightvirt.kvm;

import io.nfvlightvirt.BackendConfig;
import io.nfvlightvirt.GuestKind;
import io.nfvlightvirt.ImageRef;
import io.nfvlightvirt.Phase;
import io.nfvlightvirt.VirtualizationBackend;
import io.nfvlightvirt.VnfInstance;
import io.nfvlightvirt.VnfSpec;
import io.nfvlightvirt.libvirt.host.InstanceDirectory;
import io.nfvlightvirt.libvirt.net.HostNetwork;
import io.nfvlightvirt.libvirt.net.IpCommand;
import io.nfvlightvirt.libvirt.net.MacAddresses;
import io.nfvlightvirt.libvirt.net.SubnetPicker;
import java.io.IOException;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.w3c.dom.Document;

/**
 * Instantiation time of the Unikraft nfvsink unikernel (create until its first answer to a TCP
 * SYN, SYN-ACK or RST, seen by polling {@code connect()} every 10 ms) started eight ways, interleaved
 * run by run in a shuffled order (fixed seed) so that they share the host's load, with a 300 ms
 * pause after each trial so that one QEMU's teardown does not fall into the next trial:
 *
 * <ol>
 * <li>{@code bare-qemu}: {@code qemu-system-x86_64} started directly with the same devices;</li>
 * <li>{@code library}: {@code create} + {@code start} of the kvm backend (default options);</li>
 * <li>{@code virsh-create}: {@code virsh create} of the domain XML the library wrote;</li>
 * <li>{@code libvirt-createXML}: {@code virDomainCreateXML} of that XML on the library's open
 *     connection (transient domain, no define);</li>
 * <li>{@code library-cpu-query}: the library with {@code libvirt.skip-cpu-feature-query=false};</li>
 * <li>{@code library-console-none} and {@code bare-qemu-no-serial}: both without a serial console
 *     (the guest's console output is not free under TCG);</li>
 * <li>{@code virsh-example-xml}: {@code virsh create} of the plain domain XML from
 *     {@code guests/unikraft-httpreply/example-libvirt-domain.xml} (custom qemu64 CPU, DAC relabelling:
 *     the "before").</li>
 * </ol>
 *
 * Then TINYX and STANDARD_VM through the library with its built-in images. Prints a text report and one JSON object (also written to
 * {@code --json FILE}). Run as root:
 *
 * <pre>
 * mvn -B -q -o -pl nfv-lightvirt-kvm -am test-compile exec:java -Dexec.skip=true -Dexec.args="--runs 7"
 * </pre>
 */
public final class KvmBootBenchmark {
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);
    private static final int PORT = 8123;
    private static final Duration SETTLE = Duration.ofMillis(300);

    private final int runs;
    private final int linuxRuns;
    private final Path unikernel;
    private final Optional<Path> jsonOut;
    private final Map<String, List<Double>> samples = new LinkedHashMap<>();
    private final Map<String, List<Double>> breakdown = new LinkedHashMap<>();
    private final List<Double> rssMiB = new ArrayList<>();
    private String accelerator = "?";
    private String acceleratorReason = "?";

    private KvmBootBenchmark(int runs, int linuxRuns, Path unikernel, Optional<Path> jsonOut) {
        this.runs = runs;
        this.linuxRuns = linuxRuns;
        this.unikernel = unikernel;
        this.jsonOut = jsonOut;
    }

    /**
     * @param args {@code --runs N} (7), {@code --linux-runs N} (3, 0 to skip), {@code --unikernel PATH}, {@code --json FILE}
     * @throws Exception when the host cannot run the benchmark
     */
    public static void main(String[] args) throws Exception {
        int runs = 7;
        int linuxRuns = 3;
        Path uk = TestHost.NFVSINK;
        Optional<Path> json = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--linux-runs" -> linuxRuns = Integer.parseInt(args[++i]);
                case "--unikernel" -> uk = Path.of(args[++i]);
                case "--json" -> json = Optional.of(Path.of(args[++i]));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; use --runs N --linux-runs N --unikernel PATH --json FILE");
            }
        }
        if (!Files.isReadable(uk)) {
            throw new IllegalStateException("unikernel " + uk + " not readable; give --unikernel PATH");
        }
        new KvmBootBenchmark(runs, linuxRuns, uk, json).run();
    }

    private void run() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        KvmBackendProvider provider = new KvmBackendProvider();
        BackendConfig cfg = BackendConfig.defaults().withOwner("bench-" + tag)
                .withOption(KvmOptions.UNIKERNEL_BUILTIN, unikernel.toString());
        BackendConfig cfgCpuQuery = BackendConfig.defaults().withOwner("bench-cq-" + tag)
                .withOption(KvmOptions.SKIP_CPU_FEATURE_QUERY, "false");
        BackendConfig cfgNoConsole = BackendConfig.defaults().withOwner("bench-nc-" + tag).withOption(KvmOptions.CONSOLE, "none");
        Path work = Files.createTempDirectory("kvm-bench-");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        HostNetwork net = new HostNetwork(new IpCommand(), KvmBackend.LINK_PREFIX);
        String bareOwner = "bench-bare-" + tag;
        String bareTap = net.tapName(bareOwner, "bare");
        String exampleTap = net.tapName(bareOwner, "example");
        try (VirtualizationBackend lib = provider.open(cfg); VirtualizationBackend libCq = provider.open(cfgCpuQuery);
                VirtualizationBackend libNc = provider.open(cfgNoConsole)) {
            KvmBackend kvm = (KvmBackend) lib;
            accelerator = kvm.accelerator();
            acceleratorReason = kvm.acceleratorReason();
            // keep each owner's bridge up (as it is for every instance but an owner's first)
            lib.create(VnfSpec.builder("keeper", GuestKind.UNIKERNEL).memoryMiB(16).build());
            libCq.create(VnfSpec.builder("keeper", GuestKind.UNIKERNEL).image(ImageRef.kernel(unikernel)).memoryMiB(16).build());
            libNc.create(VnfSpec.builder("keeper", GuestKind.UNIKERNEL).image(ImageRef.kernel(unikernel)).memoryMiB(16).build());

            HostNetwork.Bridge bareBridge = net.ensureBridge(bareOwner, Optional.empty(), SubnetPicker.DEFAULT);
            String bareIp = bareBridge.subnet().host(2);
            String exampleIp = bareBridge.subnet().host(3);
            net.createTap(bareTap, bareBridge, HostNetwork.tapAlias(bareOwner, "bare"), bareIp, MacAddresses.fromIpv4(bareIp));
            net.createTap(exampleTap, bareBridge, HostNetwork.tapAlias(bareOwner, "example"), exampleIp,
                    MacAddresses.fromIpv4(exampleIp));
            Path kernelCopy = work.resolve("kernel");
            Files.copy(unikernel, kernelCopy, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(kernelCopy, PosixFilePermissions.fromString("rw-r--r--"));

            System.out.printf("kvm boot benchmark: %d runs per variant (+1 warm-up), accelerator %s (%s)%n", runs, accelerator,
                    acceleratorReason);
            java.util.Random order = new java.util.Random(42);
            for (int i = 0; i <= runs; i++) {
                boolean record = i > 0;
                String suffix = "r" + i;
                List<Trial> group = new ArrayList<>(List.of(
                        () -> measureAndSettle(record, "bare-qemu",
                                () -> bareQemu(work, kernelCopy, bareTap, bareIp, bareBridge.hostAddress(), true)),
                        () -> {
                            libraryAndRaw(record, lib, suffix, work);
                            return 0;
                        },
                        () -> measureAndSettle(record, "library-cpu-query", () -> library(libCq, "cq-" + suffix, false, null)),
                        () -> measureAndSettle(record, "library-console-none", () -> library(libNc, "nc-" + suffix, false, null)),
                        () -> measureAndSettle(record, "bare-qemu-no-serial",
                                () -> bareQemu(work, kernelCopy, bareTap, bareIp, bareBridge.hostAddress(), false)),
                        () -> measureAndSettle(record, "virsh-example-xml", () -> virshExample(work, kernelCopy, exampleTap,
                                exampleIp, bareBridge.hostAddress(), suffix))));
                Collections.shuffle(group, order);
                for (Trial t : group) {
                    t.seconds();
                }
                System.out.printf("  run %d/%d done%n", i, runs);
            }
            if (linuxRuns > 0) {
                linux(lib, GuestKind.TINYX, 128, "tinyx-library (built-in image)");
                linux(lib, GuestKind.STANDARD_VM, 192, "standard-vm-library (built-in image)");
            }
            for (VnfInstance v : lib.list()) {
                lib.destroy(v.id());
            }
            for (VnfInstance v : libCq.list()) {
                libCq.destroy(v.id());
            }
            for (VnfInstance v : libNc.list()) {
                libNc.destroy(v.id());
            }
        } finally {
            net.removeTap(bareTap, net.bridgeName(bareOwner), Optional.empty());
            net.removeTap(exampleTap, net.bridgeName(bareOwner), Optional.empty());
            net.removeBridgeIfUnused(bareOwner);
            deleteTree(work);
        }
        report();
    }

    // ------------------------------------------------------------------------------------ variants

    @FunctionalInterface
    private interface Trial {
        double seconds() throws Exception;
    }

    private void measure(boolean record, String variant, Trial t) throws Exception {
        double s = t.seconds();
        if (record) {
            samples.computeIfAbsent(variant, k -> new ArrayList<>()).add(s);
        }
        settle();
    }

    private double measureAndSettle(boolean record, String variant, Trial t) throws Exception {
        measure(record, variant, t);
        return 0;
    }

    /** Lets the previous trial's QEMU teardown finish before the next trial starts timing (2 cores). */
    private static void settle() throws InterruptedException {
        Thread.sleep(SETTLE.toMillis());
    }

    private double bareQemu(Path work, Path kernel, String tap, String ip, String gw, boolean serial) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("qemu-system-x86_64", "-accel", accelerator.equals("kvm") ? "kvm" : "tcg",
                "-machine", "pc", "-cpu", accelerator.equals("kvm") ? "host" : "qemu64", "-m", "32", "-nodefaults",
                "-no-user-config", "-display", "none", "-no-reboot",
                "-kernel", kernel.toString(), "-append", "netdev.ip=" + ip + "/24:" + gw + " --",
                "-netdev", "tap,id=n0,ifname=" + tap + ",script=no,downscript=no",
                "-device", "virtio-net-pci,netdev=n0,mac=" + MacAddresses.fromIpv4(ip) + ",romfile="));
        if (serial) {
            cmd.addAll(List.of("-serial", "file:" + work.resolve("bare-console.log")));
        }
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(work.resolve("bare-qemu.out").toFile()).start();
        try {
            long answer = awaitAnswer(ip, PORT);
            return seconds(t0, answer);
        } finally {
            p.destroyForcibly();
            p.waitFor();
        }
    }

    /** library, then virsh create and virDomainCreateXML of the XML the library wrote (same tap, address, files). */
    private void libraryAndRaw(boolean record, VirtualizationBackend lib, String suffix, Path work) throws Exception {
        String[] id = new String[1];
        measure(record, "library", () -> library(lib, "lib-" + suffix, record, id));
        VnfInstance i = lib.inspect(id[0]);
        lib.stop(id[0]);
        String ip = i.ipv4().orElseThrow();
        Path xmlFile = work.resolve("virsh-" + suffix + ".xml");
        String transientName = "bench-raw-" + suffix + "-" + UUID.randomUUID().toString().substring(0, 4);
        Files.writeString(xmlFile, renamed(Files.readString(InstanceDirectory.DEFAULT_ROOT.resolve(id[0]).resolve(KvmBackend.DOMAIN_XML)),
                transientName));
        measure(record, "virsh-create", () -> {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder("virsh", "-c", "qemu:///system", "create", xmlFile.toString()).redirectErrorStream(true)
                    .redirectOutput(work.resolve("virsh.out").toFile()).start();
            AtomicLong returned = new AtomicLong();
            Thread waiter = processWaiter(p, returned);
            try {
                long answer = awaitAnswer(ip, PORT);
                waiter.join(30_000);
                if (record && returned.get() != 0) {
                    add("virsh create: process start to exit", returned.get() - t0);
                }
                return seconds(t0, answer);
            } finally {
                TestHost.run("virsh", "-c", "qemu:///system", "destroy", transientName);
            }
        });
        String xml = Files.readString(xmlFile);
        measure(record, "libvirt-createXML", () -> {
            Connect c = lib.unwrap(Connect.class);
            long t0 = System.nanoTime();
            Domain d = c.domainCreateXML(xml, 0);
            if (record) {
                add("libvirt createXML (transient): call to return", System.nanoTime() - t0);
            }
            try {
                return seconds(t0, awaitAnswer(ip, PORT));
            } finally {
                d.destroy();
            }
        });
        lib.destroy(id[0]);
    }

    private double library(VirtualizationBackend lib, String name, boolean recordBreakdown, String[] idOut) throws Exception {
        VnfSpec.Builder spec = VnfSpec.builder(name, GuestKind.UNIKERNEL).image(ImageRef.kernel(unikernel)).memoryMiB(32);
        long t0 = System.nanoTime();
        VnfInstance created = lib.create(spec.build());
        long tCreated = System.nanoTime();
        String ip = created.ipv4().orElseThrow();
        AtomicLong forked = new AtomicLong();
        Thread watcher = pidFileWatcher(created.id(), forked);
        long tStart = System.nanoTime();
        VnfInstance started = lib.start(created.id());
        long tStarted = System.nanoTime();
        long answer = awaitAnswer(ip, PORT);
        watcher.join(1000);
        if (recordBreakdown) {
            Map<Phase, Instant> t = started.timeline();
            add("create: image ready", Duration.between(t.get(Phase.CREATE_CALLED), t.get(Phase.IMAGE_READY)));
            add("create: address, tap, files, define", Duration.between(t.get(Phase.IMAGE_READY), t.get(Phase.CREATED)));
            add("create: total (call to return)", tCreated - t0);
            add("between create and start (benchmark)", tStart - tCreated);
            if (forked.get() != 0) {
                add("start: libvirt until QEMU is forked", forked.get() - tStart);
                add("start: QEMU init + libvirt QMP set-up + cont", tStarted - forked.get());
            }
            add("start: total (call to return)", tStarted - tStart);
            add("guest: start returned to first answer", answer - tStarted);
            rssMiB.add(lib.usage(created.id()).memoryBytes() / 1048576.0);
        }
        if (idOut != null) {
            idOut[0] = created.id();
        } else {
            lib.destroy(created.id());
        }
        return seconds(t0, answer);
    }

    private double virshExample(Path work, Path kernel, String tap, String ip, String gw, String suffix) throws Exception {
        String name = "bench-example-" + suffix + "-" + UUID.randomUUID().toString().substring(0, 4);
        Path console = work.resolve("example-console.log");
        // guests/unikraft-httpreply/example-libvirt-domain.xml with its two paths filled in (and our tap)
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new org.xml.sax.InputSource(
                new java.io.StringReader("""
                        <domain type='qemu'>
                          <name>N</name>
                          <memory unit='MiB'>32</memory>
                          <vcpu>1</vcpu>
                          <os>
                            <type arch='x86_64' machine='pc'>hvm</type>
                            <kernel>K</kernel>
                            <cmdline>C</cmdline>
                          </os>
                          <cpu mode='custom' match='exact'><model fallback='allow'>qemu64</model></cpu>
                          <on_poweroff>destroy</on_poweroff>
                          <on_reboot>destroy</on_reboot>
                          <on_crash>destroy</on_crash>
                          <devices>
                            <emulator>/usr/bin/qemu-system-x86_64</emulator>
                            <interface type='ethernet'>
                              <mac address='M'/>
                              <target dev='T' managed='no'/>
                              <model type='virtio'/>
                              <rom enabled='no'/>
                            </interface>
                            <serial type='file'><source path='L'/><target port='0'/></serial>
                            <console type='file'><source path='L'/><target type='serial' port='0'/></console>
                            <controller type='usb' model='none'/>
                            <memballoon model='none'/>
                          </devices>
                        </domain>
                        """)));
        d.getElementsByTagName("name").item(0).setTextContent(name);
        d.getElementsByTagName("kernel").item(0).setTextContent(kernel.toString());
        d.getElementsByTagName("cmdline").item(0).setTextContent("netdev.ip=" + ip + "/24:" + gw + " --");
        ((org.w3c.dom.Element) d.getElementsByTagName("mac").item(0)).setAttribute("address", MacAddresses.fromIpv4(ip));
        ((org.w3c.dom.Element) d.getElementsByTagName("target").item(0)).setAttribute("dev", tap);
        for (String tagName : new String[] {"serial", "console"}) {
            org.w3c.dom.Element e = (org.w3c.dom.Element) d.getElementsByTagName(tagName).item(0);
            ((org.w3c.dom.Element) e.getElementsByTagName("source").item(0)).setAttribute("path", console.toString());
        }
        Path xmlFile = work.resolve("example-" + suffix + ".xml");
        Files.writeString(xmlFile, toString(d));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder("virsh", "-c", "qemu:///system", "create", xmlFile.toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("virsh-example.out").toFile()).start();
        try {
            long answer = awaitAnswer(ip, PORT);
            p.waitFor();
            return seconds(t0, answer);
        } finally {
            TestHost.run("virsh", "-c", "qemu:///system", "destroy", name);
        }
    }

    private void linux(VirtualizationBackend lib, GuestKind kind, int mib, String variant) throws Exception {
        for (int i = 0; i <= linuxRuns; i++) {
            boolean record = i > 0;
            String name = kind.name().toLowerCase(Locale.ROOT).replace('_', '-') + "-" + i;
            long t0 = System.nanoTime();
            VnfInstance v = lib.run(VnfSpec.builder(name, kind).memoryMiB(mib).build());
            long answer = awaitAnswer(v.ipv4().orElseThrow(), 5201);
            if (record) {
                samples.computeIfAbsent(variant, k -> new ArrayList<>()).add(seconds(t0, answer));
            }
            lib.destroy(v.id());
        }
    }

    // ------------------------------------------------------------------------------------- helpers

    private static Thread pidFileWatcher(String domain, AtomicLong seen) {
        Path pid = Path.of("/run/libvirt/qemu", domain + ".pid");
        Thread t = new Thread(() -> {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                if (Files.exists(pid)) {
                    seen.set(System.nanoTime());
                    return;
                }
                Thread.onSpinWait();
            }
        }, "pidfile-watcher");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static Thread processWaiter(Process p, AtomicLong exited) {
        Thread t = new Thread(() -> {
            try {
                p.waitFor();
                exited.set(System.nanoTime());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "process-waiter");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** @return {@link System#nanoTime()} of the first SYN-ACK or RST from the guest */
    private static long awaitAnswer(String ip, int port) {
        long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(ip, port), 10);
                return System.nanoTime();
            } catch (ConnectException e) {
                if (e.getMessage() != null && e.getMessage().contains("refused")) {
                    return System.nanoTime();
                }
                sleepQuietly();
            } catch (java.net.SocketTimeoutException e) {
                // no answer within 10 ms: try again
            } catch (IOException e) {
                sleepQuietly();
            }
        }
        throw new IllegalStateException("no answer from " + ip + ":" + port + " within " + ANSWER_TIMEOUT);
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void add(String phase, Duration d) {
        breakdown.computeIfAbsent(phase, k -> new ArrayList<>()).add(d.toNanos() / 1e9);
    }

    private void add(String phase, long nanos) {
        breakdown.computeIfAbsent(phase, k -> new ArrayList<>()).add(nanos / 1e9);
    }

    private static double seconds(long from, long to) {
        return (to - from) / 1e9;
    }

    private static String renamed(String xml, String name) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document d = f.newDocumentBuilder().parse(new org.xml.sax.InputSource(new java.io.StringReader(xml)));
        d.getElementsByTagName("name").item(0).setTextContent(name);
        org.w3c.dom.Node md = d.getElementsByTagName("metadata").item(0);
        if (md != null) {
            md.getParentNode().removeChild(md); // not one of the library's instances
        }
        return toString(d);
    }

    private static String toString(Document d) throws Exception {
        StringWriter w = new StringWriter();
        TransformerFactory.newInstance().newTransformer().transform(new DOMSource(d), new StreamResult(w));
        return w.toString();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(Collections.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    // -------------------------------------------------------------------------------------- report

    /** min, median, p95, max of a sample. */
    private record Stats(int n, double min, double median, double p95, double max) {
        static Stats of(List<Double> xs) {
            List<Double> s = new ArrayList<>(xs);
            Collections.sort(s);
            int n = s.size();
            double median = n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
            double p95 = s.get(Math.min(n - 1, (int) Math.ceil(0.95 * n) - 1));
            return new Stats(n, s.get(0), median, p95, s.get(n - 1));
        }
    }

    private void report() throws IOException {
        Map<String, Stats> stats = new LinkedHashMap<>();
        samples.forEach((k, v) -> stats.put(k, Stats.of(v)));
        StringBuilder t = new StringBuilder();
        t.append("\nInstantiation: create until the first TCP answer (SYN-ACK or RST) from the guest, seconds\n");
        t.append(String.format("%-40s %3s %8s %8s %8s %8s%n", "variant", "n", "min", "median", "p95", "max"));
        stats.forEach((k, s) -> t.append(String.format("%-40s %3d %8.3f %8.3f %8.3f %8.3f%n", k, s.n(), s.min(), s.median(), s.p95(),
                s.max())));
        double lib = stats.get("library").median();
        double bare = stats.get("bare-qemu").median();
        double virsh = stats.get("virsh-create").median();
        t.append(String.format("%nratio library / bare QEMU    = %.2f (target <= 1.3)%n", lib / bare));
        t.append(String.format("ratio library / virsh create = %.2f (target <= 1.0)%n", lib / virsh));
        t.append("\nWhere the time goes (library runs, and the raw libvirt calls for comparison), seconds: median [min - max]\n");
        Map<String, Stats> bd = new LinkedHashMap<>();
        breakdown.forEach((k, v) -> bd.put(k, Stats.of(v)));
        bd.forEach((k, s) -> t.append(String.format("  %-48s %8.4f  [%.4f - %.4f]%n", k, s.median(), s.min(), s.max())));
        Stats rss = Stats.of(rssMiB);
        t.append(String.format("%nQEMU resident memory of a running library guest (32 MiB): median %.1f MiB%n", rss.median()));
        t.append("accelerator: ").append(accelerator).append(" (").append(acceleratorReason).append(")\n");
        System.out.print(t);

        StringBuilder j = new StringBuilder();
        j.append("{\"benchmark\":\"kvm-instantiation\",\"unit\":\"s\",\"guest\":").append(str(unikernel.getFileName().toString()))
                .append(",\"measure\":\"create until first TCP SYN-ACK or RST on port ").append(PORT).append(", connect() polled every 10 ms\"")
                .append(",\"accelerator\":").append(str(accelerator)).append(",\"acceleratorReason\":").append(str(acceleratorReason))
                .append(",\"runs\":").append(runs).append(",\"variants\":{");
        int i = 0;
        for (Map.Entry<String, Stats> e : stats.entrySet()) {
            j.append(i++ > 0 ? "," : "").append(str(e.getKey())).append(':').append(json(e.getValue(), samples.get(e.getKey())));
        }
        j.append("},\"ratios\":{\"libraryOverBareQemu\":").append(round(lib / bare)).append(",\"libraryOverVirshCreate\":")
                .append(round(lib / virsh)).append("},\"libraryBreakdown\":{");
        i = 0;
        for (Map.Entry<String, Stats> e : bd.entrySet()) {
            j.append(i++ > 0 ? "," : "").append(str(e.getKey())).append(':').append(json(e.getValue(), breakdown.get(e.getKey())));
        }
        j.append("},\"qemuRssMiB\":").append(json(rss, rssMiB)).append("}");
        System.out.println(j);
        if (jsonOut.isPresent()) {
            Files.writeString(jsonOut.get(), j + "\n", StandardCharsets.UTF_8);
        }
    }

    private static String json(Stats s, List<Double> xs) {
        StringBuilder b = new StringBuilder("{\"n\":" + s.n() + ",\"min\":" + round(s.min()) + ",\"median\":" + round(s.median())
                + ",\"p95\":" + round(s.p95()) + ",\"max\":" + round(s.max()) + ",\"samples\":[");
        for (int i = 0; i < xs.size(); i++) {
            b.append(i > 0 ? "," : "").append(round(xs.get(i)));
        }
        return b.append("]}").toString();
    }

    private static String round(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
