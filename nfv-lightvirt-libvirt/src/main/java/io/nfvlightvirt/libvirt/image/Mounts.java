package io.nfvlightvirt.libvirt.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The mount table, read so that no tree is ever deleted through a mount (a chroot's /proc). */
final class Mounts {
    private static final Path MOUNTS = Path.of("/proc/self/mounts");

    private Mounts() {}

    /**
     * @param dir a directory
     * @return the mount points at or below it, deepest first (the order to unmount them in)
     */
    static List<Path> below(Path dir) {
        if (!Files.isReadable(MOUNTS)) {
            return List.of();
        }
        try {
            return below(dir, Files.readString(MOUNTS, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + MOUNTS, e);
        }
    }

    /**
     * @param dir a directory
     * @param table the text of {@code /proc/self/mounts}
     * @return the mount points at or below {@code dir}, deepest first
     */
    static List<Path> below(Path dir, String table) {
        Path base = dir.toAbsolutePath().normalize();
        List<Path> found = new ArrayList<>();
        for (String line : table.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 2) {
                continue;
            }
            Path mountPoint = Path.of(unescape(f[1]));
            if (mountPoint.startsWith(base)) {
                found.add(mountPoint);
            }
        }
        found.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        return found;
    }

    /** Undoes the octal escapes of the mount table ({@code \040} is a space). */
    static String unescape(String field) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1) && isOctal(field, i + 2) && isOctal(field, i + 3)) {
                sb.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isOctal(String s, int i) {
        return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '7';
    }
}
