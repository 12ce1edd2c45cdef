package io.nfvlightvirt.docker;

import io.nfvlightvirt.OperationFailedException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The root file system of the built-in VNF container, assembled from what the host has: busybox
 * (with a link for each applet) and iperf3 with exactly the shared libraries {@code ldd} says it
 * loads, at the same paths. Nothing is downloaded. The result is a deterministic tar, so equal
 * host binaries give an equal content hash.
 */
final class GuestRootfs {
    /** Where iperf3 lies in the image; the built-in container runs {@code iperf3 -s} from here. */
    static final String IPERF3_PATH = "/usr/bin/iperf3";
    /** Where busybox lies in the image. */
    static final String BUSYBOX_PATH = "/bin/busybox";

    private static final Pattern LDD_ARROW = Pattern.compile("^\\s*(\\S+)\\s+=>\\s+(\\S+)(?:\\s+\\(0x[0-9a-fA-F]+\\))?\\s*$");
    private static final Pattern LDD_PLAIN = Pattern.compile("^\\s*(/\\S+)(?:\\s+\\(0x[0-9a-fA-F]+\\))?\\s*$");

    private GuestRootfs() {}

    /**
     * @param iperf3 the host's iperf3
     * @param busybox the host's busybox
     * @return the root file system as a tar
     * @throws OperationFailedException when a binary is missing or its libraries cannot be found
     */
    static byte[] assemble(Path iperf3, Path busybox) {
        requireExecutable(iperf3, DockerSettings.OPT_IPERF3, "iperf3");
        requireExecutable(busybox, DockerSettings.OPT_BUSYBOX, "busybox-static");
        Map<String, Entry> entries = new TreeMap<>();
        for (String dir : List.of("bin", "dev", "etc", "lib", "proc", "sbin", "sys", "usr", "usr/bin", "usr/sbin", "var")) {
            entries.put(dir, Entry.dir(0755));
        }
        entries.put("root", Entry.dir(0700));
        entries.put("tmp", Entry.dir(01777));
        entries.put("var/tmp", Entry.dir(01777));
        entries.put("etc/passwd", Entry.file(0644, "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n"
                .getBytes(StandardCharsets.US_ASCII)));
        entries.put("etc/group", Entry.file(0644, "root:x:0:\nnogroup:x:65534:\n".getBytes(StandardCharsets.US_ASCII)));
        putFile(entries, IPERF3_PATH, iperf3);
        putFile(entries, BUSYBOX_PATH, busybox);
        Set<String> libraries = new LinkedHashSet<>();
        libraries.addAll(sharedLibraries(iperf3));
        libraries.addAll(sharedLibraries(busybox));
        for (String lib : libraries) {
            putFile(entries, lib, Path.of(lib));
        }
        for (String applet : applets(busybox)) {
            entries.putIfAbsent(applet, Entry.link(BUSYBOX_PATH));
        }
        TarArchive tar = new TarArchive();
        for (String path : List.copyOf(entries.keySet())) {
            addParents(entries, path);
        }
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            Entry v = e.getValue();
            switch (v.type) {
                case 'd' -> tar.directory(e.getKey(), v.mode);
                case 'f' -> tar.file(e.getKey(), v.mode, v.content);
                default -> tar.symlink(e.getKey(), v.target);
            }
        }
        return tar.toByteArray();
    }

    private static void addParents(Map<String, Entry> entries, String path) {
        int slash = path.lastIndexOf('/');
        while (slash > 0) {
            String parent = path.substring(0, slash);
            entries.putIfAbsent(parent, Entry.dir(0755));
            slash = parent.lastIndexOf('/');
        }
    }

    private static void requireExecutable(Path p, String option, String debianPackage) {
        if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
            throw new OperationFailedException("cannot build the built-in VNF image: " + p
                    + " is missing or not executable; apt-get install " + debianPackage + ", or set the docker backend option "
                    + option + " to its path");
        }
    }

    private static void putFile(Map<String, Entry> entries, String imagePath, Path hostPath) {
        try {
            entries.put(imagePath.substring(1), Entry.file(0755, Files.readAllBytes(hostPath)));
        } catch (IOException e) {
            throw new OperationFailedException("cannot build the built-in VNF image: reading " + hostPath, e);
        }
    }

    /**
     * @param binary an ELF executable on this host
     * @return the absolute paths of the shared libraries and loader it needs; empty when static
     */
    static List<String> sharedLibraries(Path binary) {
        Result r = run(List.of("ldd", binary.toString()));
        if (r.exit != 0) {
            if (r.output.contains("not a dynamic executable") || r.output.contains("statically linked")) {
                return List.of();
            }
            throw new OperationFailedException("cannot build the built-in VNF image: 'ldd " + binary + "' exited with "
                    + r.exit + ": " + r.output.trim());
        }
        return parseLdd(binary, r.output);
    }

    /**
     * @param binary the binary ldd looked at, for messages
     * @param output what {@code ldd} printed
     * @return the absolute library paths, in order
     * @throws OperationFailedException when a library is "not found"
     */
    static List<String> parseLdd(Path binary, String output) {
        List<String> libs = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.contains("statically linked")) {
                continue;
            }
            if (line.contains("=> not found")) {
                throw new OperationFailedException("cannot build the built-in VNF image: " + binary + " needs "
                        + line.substring(0, line.indexOf("=>")).trim() + ", which ldd does not find on this host");
            }
            Matcher arrow = LDD_ARROW.matcher(line);
            if (arrow.matches()) {
                String target = arrow.group(2);
                if (target.startsWith("/")) {
                    libs.add(target);
                }
                continue;
            }
            Matcher plain = LDD_PLAIN.matcher(line);
            if (plain.matches()) {
                libs.add(plain.group(1));
            }
        }
        return libs;
    }

    /**
     * @param busybox the host's busybox
     * @return the applet paths relative to the root, e.g. {@code bin/sh}
     */
    static List<String> applets(Path busybox) {
        Result r = run(List.of(busybox.toString(), "--list-full"));
        List<String> out = new ArrayList<>();
        if (r.exit == 0) {
            for (String line : r.output.split("\n")) {
                String s = line.trim();
                if (s.matches("[a-zA-Z0-9_./\\[\\]-]+") && !s.startsWith("/") && !s.contains("..")) {
                    out.add(s);
                }
            }
        }
        if (out.isEmpty()) {
            out.add("bin/sh");
        }
        return out;
    }

    private record Result(int exit, String output) {}

    private static Result run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            try (InputStream in = p.getInputStream()) {
                in.transferTo(buf);
            }
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new OperationFailedException("cannot build the built-in VNF image: '" + String.join(" ", command)
                        + "' did not finish within 30 s");
            }
            return new Result(p.exitValue(), buf.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new OperationFailedException("cannot build the built-in VNF image: running '" + String.join(" ", command)
                    + "' (is it installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationFailedException("interrupted running '" + String.join(" ", command) + "'", e);
        }
    }

    private record Entry(char type, int mode, byte[] content, String target) {
        static Entry dir(int mode) {
            return new Entry('d', mode, null, null);
        }

        static Entry file(int mode, byte[] content) {
            return new Entry('f', mode, content, null);
        }

        static Entry link(String target) {
            return new Entry('l', 0777, null, target);
        }
    }
}
