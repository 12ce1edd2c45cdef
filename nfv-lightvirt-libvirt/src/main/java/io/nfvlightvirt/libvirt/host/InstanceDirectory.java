package io.nfvlightvirt.libvirt.host;

import io.nfvlightvirt.OperationFailedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One directory per instance ({@code ROOT/DOMAIN-NAME/}) holding everything the library hands
 * QEMU: private copies of kernel and initramfs (libvirt may {@code chown} what it is given, so it
 * never sees a cache or {@code /boot} file), the instance's qcow2 overlay and its console log. A
 * marker file names the owner and instance; {@link #delete} removes only directories carrying it.
 * Files are made readable (disks: owned) by the QEMU user, since domains are defined with
 * {@code <seclabel type='none'/>} and libvirt does not relabel them.
 */
public final class InstanceDirectory {
    /** Name of the marker file written into every instance directory. */
    public static final String MARKER = ".nfv-lightvirt-instance";
    /** The default root. */
    public static final Path DEFAULT_ROOT = Path.of("/var/lib/nfv-lightvirt/instances");

    private static final Logger LOG = LoggerFactory.getLogger(InstanceDirectory.class);
    private static final java.util.regex.Pattern FACT = java.util.regex.Pattern.compile("[A-Za-z0-9._:/-]{1,200}");
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<PosixFilePermission> DISK_MODE = PosixFilePermissions.fromString("rw-------");

    private final Path root;
    private final Optional<QemuUser> qemuUser;

    /**
     * @param root where instance directories are made
     * @param qemuUser the user QEMU runs as, or empty when it runs as root
     */
    public InstanceDirectory(Path root, Optional<QemuUser> qemuUser) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath();
        this.qemuUser = Objects.requireNonNull(qemuUser, "qemuUser");
    }

    /** @return the root directory */
    public Path root() {
        return root;
    }

    /**
     * @param domainName the instance's domain name
     * @return its directory (which may not exist)
     */
    public Path dirOf(String domainName) {
        return root.resolve(domainName);
    }

    /**
     * Creates the instance's directory with its marker; an existing one of the same owner and
     * instance (left by a crash) is emptied first.
     *
     * @param domainName the domain name
     * @param owner the owner id
     * @param instance the instance name
     * @return the directory
     */
    public Path create(String domainName, String owner, String instance) {
        return create(domainName, owner, instance, Map.of());
    }

    /**
     * Creates the instance's directory with its marker, which also records the given facts (for
     * example the address the instance holds), readable back with {@link #markersOf}.
     *
     * @param domainName the domain name
     * @param owner the owner id
     * @param instance the instance name
     * @param facts keys and values of letters, digits and {@code . _ : / -} recorded in the marker
     * @return the directory
     */
    public Path create(String domainName, String owner, String instance, Map<String, String> facts) {
        Path dir = dirOf(domainName);
        try {
            makeDirs(root);
            if (Files.exists(dir)) {
                Optional<Properties> m = marker(dir);
                if (m.isEmpty() || !owner.equals(m.get().getProperty("owner")) || !instance.equals(m.get().getProperty("instance"))) {
                    throw new OperationFailedException("instance directory " + dir + " exists and is not marked as owner '"
                            + owner + "' instance '" + instance + "'; remove it by hand");
                }
                deleteTree(dir);
            }
            Files.createDirectory(dir);
            Files.setPosixFilePermissions(dir, DIR_MODE);
            StringBuilder text = new StringBuilder("# created by nfv-lightvirt; removed when the instance is destroyed\nowner=")
                    .append(owner).append("\ninstance=").append(instance).append("\ndomain=").append(domainName).append('\n');
            facts.forEach((k, v) -> {
                if (!FACT.matcher(k).matches() || !FACT.matcher(v).matches()) {
                    throw new IllegalArgumentException("marker facts must be of letters, digits and . _ : / -: " + k + "=" + v);
                }
                text.append(k).append('=').append(v.replace(":", "\\:")).append('\n');
            });
            Files.writeString(dir.resolve(MARKER), text.toString(), StandardCharsets.UTF_8);
            return dir;
        } catch (IOException e) {
            throw new OperationFailedException("cannot create instance directory " + dir, e);
        }
    }

    private static void makeDirs(Path p) throws IOException {
        if (Files.isDirectory(p)) {
            return;
        }
        Path parent = p.getParent();
        if (parent != null) {
            makeDirs(parent);
        }
        try {
            Files.createDirectory(p);
            Files.setPosixFilePermissions(p, DIR_MODE);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // created meanwhile
        }
    }

    /**
     * Copies a file into the instance directory, readable by everyone (QEMU reads it).
     *
     * @param dir the instance directory
     * @param source the file to copy
     * @param name the copy's name
     * @return the copy
     */
    public Path copyIn(Path dir, Path source, String name) {
        Path target = dir.resolve(name);
        try {
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(target, FILE_MODE);
            return target;
        } catch (IOException e) {
            throw new OperationFailedException("cannot copy " + source + " to " + target, e);
        }
    }

    /**
     * Writes a small text file into the instance directory (e.g. the domain XML as defined).
     *
     * @param dir the instance directory
     * @param name the file name
     * @param text its content
     * @return the file
     */
    public Path write(Path dir, String name, String text) {
        Path target = dir.resolve(name);
        try {
            Files.writeString(target, text, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(target, FILE_MODE);
            return target;
        } catch (IOException e) {
            throw new OperationFailedException("cannot write " + target, e);
        }
    }

    /**
     * Creates a qcow2 overlay whose backing file is {@code base}, owned by the QEMU user, so that
     * the guest writes only to its own overlay. The base must be readable by QEMU; it is made
     * world-readable when it is not (its directories must already be searchable).
     *
     * @param dir the instance directory
     * @param base the base image (qcow2 or raw)
     * @param name the overlay's name
     * @return the overlay
     */
    public Path overlay(Path dir, Path base, String name) {
        Path target = dir.resolve(name);
        Path abs = base.toAbsolutePath();
        ensureReadableByQemu(abs);
        String format = imageFormat(abs);
        List<String> cmd = List.of(qemuImg(), "create", "-q", "-f", "qcow2", "-F", format, "-b", abs.toString(), target.toString());
        run(cmd);
        try {
            Files.setPosixFilePermissions(target, DISK_MODE);
            chownToQemu(target);
        } catch (IOException e) {
            throw new OperationFailedException("cannot hand overlay " + target + " to the QEMU user", e);
        }
        return target;
    }

    /**
     * @param image a disk image
     * @return {@code qcow2} when it starts with the qcow2 magic, else {@code raw}
     */
    public static String imageFormat(Path image) {
        try (InputStream in = Files.newInputStream(image)) {
            byte[] b = in.readNBytes(4);
            return b.length == 4 && b[0] == 'Q' && b[1] == 'F' && b[2] == 'I' && (b[3] & 0xff) == 0xfb ? "qcow2" : "raw";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void ensureReadableByQemu(Path file) {
        if (qemuUser.isEmpty()) {
            return;
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            int gid = (Integer) Files.getAttribute(file, "unix:gid");
            int uid = (Integer) Files.getAttribute(file, "unix:uid");
            boolean readable = perms.contains(PosixFilePermission.OTHERS_READ)
                    || (uid == qemuUser.get().uid() && perms.contains(PosixFilePermission.OWNER_READ))
                    || (gid == qemuUser.get().gid() && perms.contains(PosixFilePermission.GROUP_READ));
            if (!readable) {
                Set<PosixFilePermission> p = EnumSet.copyOf(perms);
                p.add(PosixFilePermission.OTHERS_READ);
                Files.setPosixFilePermissions(file, p);
                LOG.info("made {} world-readable so that QEMU (uid {}) can read it as a backing file", file, qemuUser.get().uid());
            }
            for (Path d = file.getParent(); d != null; d = d.getParent()) {
                Set<PosixFilePermission> dp = Files.getPosixFilePermissions(d);
                if (!dp.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    throw new OperationFailedException("QEMU (uid " + qemuUser.get().uid() + ") cannot reach " + file
                            + ": directory " + d + " is not searchable by others; chmod o+x " + d);
                }
            }
        } catch (IOException e) {
            throw new OperationFailedException("cannot check permissions of " + file, e);
        }
    }

    private void chownToQemu(Path p) throws IOException {
        if (qemuUser.isPresent()) {
            Files.setAttribute(p, "unix:uid", qemuUser.get().uid(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(p, "unix:gid", qemuUser.get().gid(), LinkOption.NOFOLLOW_LINKS);
        }
    }

    /**
     * Deletes an instance directory if it carries the marker; a missing directory is fine.
     *
     * @param domainName the domain name
     * @return whether something was deleted
     */
    public boolean delete(String domainName) {
        Path dir = dirOf(domainName);
        if (!Files.isDirectory(dir)) {
            return false;
        }
        if (marker(dir).isEmpty()) {
            LOG.warn("not deleting {}: it has no {} marker", dir, MARKER);
            return false;
        }
        try {
            deleteTree(dir);
            return true;
        } catch (IOException e) {
            throw new OperationFailedException("cannot delete instance directory " + dir, e);
        }
    }

    /**
     * @param owner an owner id
     * @return the markers (owner, instance, domain and the facts given at creation) of every marked
     *     directory of that owner
     */
    public List<Properties> markersOf(String owner) {
        List<Properties> found = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return found;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path d : ds) {
                marker(d).filter(p -> owner.equals(p.getProperty("owner"))).ifPresent(found::add);
            }
        } catch (IOException e) {
            LOG.debug("cannot list {}: {}", root, e.toString());
        }
        return found;
    }

    /**
     * @param owner an owner id
     * @return the domain names of every marked directory of that owner
     */
    public List<String> domainsOf(String owner) {
        List<String> found = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return found;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path d : ds) {
                marker(d).filter(p -> owner.equals(p.getProperty("owner"))).ifPresent(p -> found.add(d.getFileName().toString()));
            }
        } catch (IOException e) {
            LOG.debug("cannot list {}: {}", root, e.toString());
        }
        return found;
    }

    private static Optional<Properties> marker(Path dir) {
        Path m = dir.resolve(MARKER);
        if (!Files.isRegularFile(m)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(m, StandardCharsets.UTF_8)) {
            p.load(r);
            return Optional.of(p);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                if (exc instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw exc;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static String qemuImg() {
        for (String p : List.of("/usr/bin/qemu-img", "/usr/local/bin/qemu-img")) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        return "qemu-img";
    }

    private static void run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new OperationFailedException("'" + String.join(" ", cmd) + "' did not finish within 60 s");
            }
            if (p.exitValue() != 0) {
                throw new OperationFailedException("'" + String.join(" ", cmd) + "' failed (exit " + p.exitValue() + "): " + out.strip());
            }
        } catch (IOException e) {
            throw new OperationFailedException("cannot run " + cmd.get(0) + " (install qemu-utils)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationFailedException("interrupted running " + cmd.get(0), e);
        }
    }
}
