package io.nfvlightvirt.probes.it;

import io.nfvlightvirt.probes.internal.Command;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;

/**
 * The files of a minimal guest: busybox (static) and iperf3 with the shared libraries {@code ldd}
 * names, optionally kernel modules and an init script. Written as a directory tree for
 * {@code docker import}, or as a gzip'ed newc cpio for a kernel's initramfs.
 */
final class GuestFiles {
    /** path in the guest to file content */
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private final Map<String, Integer> modes = new LinkedHashMap<>();
    /** link path to target */
    private final Map<String, String> symlinks = new LinkedHashMap<>();
    private final TreeSet<String> dirs = new TreeSet<>();

    /** @return busybox, /bin/sh and iperf3 with its libraries, and the directories iperf3 needs */
    static GuestFiles busyboxAndIperf3() throws IOException {
        GuestFiles g = new GuestFiles();
        g.file("/bin/busybox", Files.readAllBytes(Path.of("/bin/busybox")), 0755);
        g.symlink("/bin/sh", "busybox");
        g.file("/usr/bin/iperf3", Files.readAllBytes(Path.of("/usr/bin/iperf3")), 0755);
        String ldd = Command.run(Duration.ofSeconds(20), "ldd", "/usr/bin/iperf3");
        for (String line : ldd.split("\n")) {
            String l = line.trim();
            String path = null;
            if (l.contains("=> /")) {
                path = l.substring(l.indexOf("=> ") + 3, l.lastIndexOf(" ("));
            } else if (l.startsWith("/")) {
                path = l.substring(0, l.lastIndexOf(" ("));
            }
            if (path != null) {
                g.file(path, Files.readAllBytes(Path.of(path)), 0755); // follows symlinks: the real library
            }
        }
        g.dir("/tmp");
        g.dir("/proc");
        g.dir("/sys");
        g.dir("/dev");
        g.dir("/etc");
        return g;
    }

    void file(String path, byte[] content, int mode) {
        parents(path);
        files.put(path, content);
        modes.put(path, mode);
    }

    void symlink(String path, String target) {
        parents(path);
        symlinks.put(path, target);
    }

    void dir(String path) {
        parents(path);
        dirs.add(path);
    }

    private void parents(String path) {
        for (Path p = Path.of(path).getParent(); p != null && !p.toString().equals("/"); p = p.getParent()) {
            dirs.add(p.toString());
        }
    }

    /** @return the uncompressed size of all files */
    long bytes() {
        return files.values().stream().mapToLong(b -> b.length).sum();
    }

    /** Writes the tree under {@code root}. */
    void writeTree(Path root) throws IOException {
        for (String d : dirs) {
            Files.createDirectories(root.resolve(d.substring(1)));
        }
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path p = root.resolve(f.getKey().substring(1));
            Files.write(p, f.getValue());
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(
                    (modes.get(f.getKey()) & 0111) != 0 ? "rwxr-xr-x" : "rw-r--r--"));
        }
        for (Map.Entry<String, String> s : symlinks.entrySet()) {
            Files.createSymbolicLink(root.resolve(s.getKey().substring(1)), Path.of(s.getValue()));
        }
    }

    /** Writes a gzip'ed newc cpio archive, the format the kernel unpacks as initramfs. */
    void writeInitramfs(Path target) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(target), 1 << 16)) {
            Cpio cpio = new Cpio(out);
            for (String d : dirs) {
                cpio.entry(d.substring(1), 040755, new byte[0]);
            }
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                cpio.entry(f.getKey().substring(1), 0100000 | modes.get(f.getKey()), f.getValue());
            }
            for (Map.Entry<String, String> s : symlinks.entrySet()) {
                cpio.entry(s.getKey().substring(1), 0120777, s.getValue().getBytes(StandardCharsets.UTF_8));
            }
            cpio.entry("TRAILER!!!", 0, new byte[0]);
        }
    }

    /** The "newc" cpio format (070701): a 110-byte ASCII header, the name, the data, each 4-byte aligned. */
    private static final class Cpio {
        private final OutputStream out;
        private long written;
        private int ino = 1;

        Cpio(OutputStream out) {
            this.out = out;
        }

        void entry(String name, int mode, byte[] data) throws IOException {
            byte[] n = (name + "\0").getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream h = new ByteArrayOutputStream();
            String header = "070701" + hex(ino++) + hex(mode) + hex(0) + hex(0) + hex((mode & 040000) != 0 ? 2 : 1)
                    + hex(0) + hex(data.length) + hex(0) + hex(0) + hex(0) + hex(0) + hex(n.length) + hex(0);
            h.write(header.getBytes(StandardCharsets.US_ASCII));
            h.write(n);
            write(h.toByteArray());
            pad();
            write(data);
            pad();
        }

        private static String hex(int v) {
            return String.format("%08x", v);
        }

        private void write(byte[] b) throws IOException {
            out.write(b);
            written += b.length;
        }

        private void pad() throws IOException {
            while (written % 4 != 0) {
                out.write(0);
                written++;
            }
        }
    }
}
