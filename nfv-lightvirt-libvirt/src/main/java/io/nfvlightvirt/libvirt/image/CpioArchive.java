package io.nfvlightvirt.libvirt.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Writes a cpio archive in the "newc" format the kernel unpacks as initramfs
 * (Documentation/driver-api/early-userspace/buffer-format.rst). Written here rather than by
 * {@code cpio} so that device nodes ({@code /dev/console}) and root ownership need no root
 * privileges and no {@code mknod}, and so that the archive is reproducible (fixed times, sorted
 * by the caller). Parent directories are added on demand.
 */
final class CpioArchive implements AutoCloseable {
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFLNK = 0120000;
    private static final int S_IFCHR = 0020000;

    private final OutputStream out;
    private final Set<String> directories = new HashSet<>();
    private long written;
    private int inode = 1;
    private boolean finished;

    /** @param out where the archive goes (not closed by {@link #close()}, which only finishes it) */
    CpioArchive(OutputStream out) {
        this.out = out;
    }

    /**
     * @param path path inside the archive, relative ({@code bin}) or absolute ({@code /bin})
     * @param permissions e.g. {@code 0755}
     * @throws IOException on a write error
     */
    void directory(String path, int permissions) throws IOException {
        String p = normalize(path);
        if (directories.contains(p)) {
            return;
        }
        parents(p);
        header(p, S_IFDIR | permissions, 2, 0, 0, 0);
        directories.add(p);
    }

    /**
     * @param path path inside the archive
     * @param permissions e.g. {@code 0755}
     * @param content the file's bytes
     * @throws IOException on a write error
     */
    void file(String path, int permissions, byte[] content) throws IOException {
        String p = normalize(path);
        parents(p);
        header(p, S_IFREG | permissions, 1, content.length, 0, 0);
        write(content);
        pad();
    }

    /**
     * @param path path inside the archive
     * @param permissions e.g. {@code 0755}
     * @param source a host file whose content is copied (symbolic links followed)
     * @throws IOException on a read or write error
     */
    void file(String path, int permissions, Path source) throws IOException {
        String p = normalize(path);
        parents(p);
        long size = Files.size(source);
        header(p, S_IFREG | permissions, 1, size, 0, 0);
        long copied = 0;
        try (InputStream in = Files.newInputStream(source)) {
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
                write(buf, n);
                copied += n;
            }
        }
        if (copied != size) {
            throw new IOException(source + " changed size while being archived (" + size + " -> " + copied + " bytes)");
        }
        pad();
    }

    /**
     * @param path path inside the archive
     * @param target what the link points to
     * @throws IOException on a write error
     */
    void symlink(String path, String target) throws IOException {
        String p = normalize(path);
        parents(p);
        byte[] t = target.getBytes(StandardCharsets.UTF_8);
        header(p, S_IFLNK | 0777, 1, t.length, 0, 0);
        write(t);
        pad();
    }

    /**
     * @param path path inside the archive, e.g. {@code dev/console}
     * @param permissions e.g. {@code 0600}
     * @param major device major number
     * @param minor device minor number
     * @throws IOException on a write error
     */
    void characterDevice(String path, int permissions, int major, int minor) throws IOException {
        String p = normalize(path);
        parents(p);
        header(p, S_IFCHR | permissions, 1, 0, major, minor);
    }

    /**
     * Writes the trailer; the archive is complete afterwards.
     *
     * @throws IOException on a write error
     */
    @Override
    public void close() throws IOException {
        if (!finished) {
            header("TRAILER!!!", 0, 1, 0, 0, 0);
            out.flush();
            finished = true;
        }
    }

    private void parents(String p) throws IOException {
        int slash = p.lastIndexOf('/');
        if (slash > 0) {
            directory(p.substring(0, slash), 0755);
        }
    }

    private static String normalize(String path) {
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty() || p.contains("//") || p.equals("..") || p.startsWith("../") || p.contains("/../")) {
            throw new IllegalArgumentException("cpio entry path '" + path + "' must be a non-empty path without '..' or '//'");
        }
        return p;
    }

    private void header(String name, int mode, int nlink, long size, int rdevMajor, int rdevMinor) throws IOException {
        if (finished) {
            throw new IllegalStateException("cpio archive already finished");
        }
        if (size > 0xFFFFFFFFL) {
            throw new IOException("cpio newc cannot hold " + name + " of " + size + " bytes (limit 4 GiB)");
        }
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        StringBuilder h = new StringBuilder(110).append("070701");
        long[] fields = {inode++, mode, 0 /* uid */, 0 /* gid */, nlink, 0 /* mtime */, size,
            0 /* devmajor */, 0 /* devminor */, rdevMajor, rdevMinor, n.length + 1, 0 /* check */};
        for (long f : fields) {
            h.append(String.format("%08x", f));
        }
        write(h.toString().getBytes(StandardCharsets.US_ASCII));
        write(n);
        write(new byte[] {0});
        pad();
    }

    private void write(byte[] b) throws IOException {
        write(b, b.length);
    }

    private void write(byte[] b, int len) throws IOException {
        out.write(b, 0, len);
        written += len;
    }

    private void pad() throws IOException {
        while (written % 4 != 0) {
            out.write(0);
            written++;
        }
    }
}
