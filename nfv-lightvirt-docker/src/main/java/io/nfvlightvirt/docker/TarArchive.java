package io.nfvlightvirt.docker;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A minimal, deterministic POSIX ustar writer: directories, regular files and symbolic links,
 * owned by root, with a fixed modification time, so that the same content always gives the same
 * bytes and therefore the same content hash. Enough for a Docker build context and a root file
 * system; not a general archiver.
 */
final class TarArchive {
    private static final int BLOCK = 512;
    /** Fixed modification time of every entry: 2000-01-01T00:00:00Z. */
    static final long MTIME = 946_684_800L;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private boolean finished;

    /**
     * @param path relative path without leading slash; directories without trailing slash
     * @param mode permission bits, e.g. {@code 0755} or {@code 01777}
     * @return this
     */
    TarArchive directory(String path, int mode) {
        header(path + "/", mode, 0, '5', "");
        return this;
    }

    /**
     * @param path relative path
     * @param mode permission bits
     * @param content the file's bytes
     * @return this
     */
    TarArchive file(String path, int mode, byte[] content) {
        header(path, mode, content.length, '0', "");
        out.writeBytes(content);
        pad(content.length);
        return this;
    }

    /**
     * @param path relative path of the link
     * @param target what it points to
     * @return this
     */
    TarArchive symlink(String path, String target) {
        header(path, 0777, 0, '2', target);
        return this;
    }

    /** @return the archive, with its two closing zero blocks */
    byte[] toByteArray() {
        if (!finished) {
            out.writeBytes(new byte[2 * BLOCK]);
            finished = true;
        }
        return out.toByteArray();
    }

    private void pad(long length) {
        int rest = (int) (length % BLOCK);
        if (rest != 0) {
            out.writeBytes(new byte[BLOCK - rest]);
        }
    }

    private void header(String path, int mode, long size, char type, String linkTarget) {
        if (finished) {
            throw new IllegalStateException("archive already finished");
        }
        byte[] h = new byte[BLOCK];
        String name = path;
        String prefix = "";
        if (utf8(name).length > 100) {
            int cut = -1;
            for (int i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
                if (utf8(path.substring(i + 1)).length <= 100) {
                    cut = i;
                    break;
                }
            }
            if (cut <= 0 || utf8(path.substring(0, cut)).length > 155) {
                throw new IllegalArgumentException("path too long for ustar: " + path);
            }
            prefix = path.substring(0, cut);
            name = path.substring(cut + 1);
        }
        if (utf8(linkTarget).length > 100) {
            throw new IllegalArgumentException("link target too long for ustar: " + linkTarget);
        }
        put(h, 0, 100, utf8(name));
        octal(h, 100, 8, mode);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, MTIME);
        Arrays.fill(h, 148, 156, (byte) ' ');
        h[156] = (byte) type;
        put(h, 157, 100, utf8(linkTarget));
        put(h, 257, 6, "ustar\0".getBytes(StandardCharsets.US_ASCII));
        put(h, 263, 2, "00".getBytes(StandardCharsets.US_ASCII));
        put(h, 265, 32, utf8("root"));
        put(h, 297, 32, utf8("root"));
        octal(h, 329, 8, 0);
        octal(h, 337, 8, 0);
        put(h, 345, 155, utf8(prefix));
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xFF;
        }
        byte[] chk = String.format("%06o", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(chk, 0, h, 148, 6);
        h[154] = 0;
        h[155] = ' ';
        out.writeBytes(h);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void put(byte[] h, int offset, int length, byte[] value) {
        System.arraycopy(value, 0, h, offset, Math.min(length, value.length));
    }

    private static void octal(byte[] h, int offset, int length, long value) {
        String s = Long.toOctalString(value);
        if (s.length() > length - 1) {
            throw new IllegalArgumentException("value " + value + " does not fit a " + length + "-byte tar field");
        }
        String padded = "0".repeat(length - 1 - s.length()) + s;
        put(h, offset, length - 1, padded.getBytes(StandardCharsets.US_ASCII));
        h[offset + length - 1] = 0;
    }
}
