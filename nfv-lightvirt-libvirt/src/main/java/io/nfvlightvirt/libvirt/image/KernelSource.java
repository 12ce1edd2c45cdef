package io.nfvlightvirt.libvirt.image;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's kernel source package as installed: {@code /usr/src/linux-source-6.1.tar.xz} from
 * package {@code linux-source-6.1}, and that package's version (part of the cache key, so a new
 * source version builds a new kernel).
 *
 * @param tarball the source tarball
 * @param packageName the Debian package it came from, or {@code "unpackaged"}
 * @param version the package version, or {@code sha256:...} of the tarball when dpkg does not know it
 */
record KernelSource(Path tarball, String packageName, String version) {
    private static final Pattern NAME = Pattern.compile("linux-source-(\\d+)\\.(\\d+)\\.tar\\.xz");

    /**
     * @param srcDir usually {@code /usr/src}
     * @return the newest linux-source tarball there, if any
     */
    static Optional<KernelSource> find(Path srcDir) {
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(srcDir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(srcDir, "linux-source-*.tar.xz")) {
                ds.forEach(p -> {
                    if (NAME.matcher(p.getFileName().toString()).matches() && Files.isReadable(p)) {
                        found.add(p);
                    }
                });
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return found.stream().max(Comparator.comparingLong(KernelSource::versionOrder)).map(KernelSource::describe);
    }

    private static long versionOrder(Path p) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) * 1000 + Long.parseLong(m.group(2)) : -1;
    }

    private static KernelSource describe(Path tarball) {
        try {
            String owner = Exec.capture("dpkg -S", List.of("dpkg-query", "-S", tarball.toString()), Duration.ofSeconds(30));
            String pkg = owner.substring(0, owner.indexOf(':')).strip();
            String version = Exec.capture("dpkg-query -W", List.of("dpkg-query", "-W", "-f=${Version}", pkg), Duration.ofSeconds(30)).strip();
            return new KernelSource(tarball, pkg, version);
        } catch (RuntimeException e) {
            return new KernelSource(tarball, "unpackaged", "sha256:" + Files256.sha256(tarball));
        }
    }
}
