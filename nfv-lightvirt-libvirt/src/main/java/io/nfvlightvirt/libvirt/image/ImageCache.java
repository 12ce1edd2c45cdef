package io.nfvlightvirt.libvirt.image;

import io.nfvlightvirt.BackendUnavailableException;
import io.nfvlightvirt.OperationFailedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory of built images, one sub-directory per entry, named by {@link CacheKey}. An entry is
 * complete when its {@value #MANIFEST} exists; it is built in {@code tmp/} and renamed into place
 * in one atomic step, so an interrupted build never leaves a half entry. A lock file per entry
 * (plus an in-process lock, since a JVM cannot take the same file lock twice) makes a second
 * caller wait for the first one's build instead of building again.
 *
 * <pre>
 * cacheDir/
 *   tinyx-kernel-qemu-kvm-1a2b.../   bzImage, config, build.log, manifest.properties
 *   locks/   one lock file per entry name
 *   logs/    every build's log, kept after a failure
 *   tmp/     builds under way (removed when they end, or by the next build of the same entry)
 * </pre>
 */
final class ImageCache {
    static final String MANIFEST = "manifest.properties";
    private static final Logger LOG = LoggerFactory.getLogger(ImageCache.class);
    private static final Duration LOCK_POLL = Duration.ofSeconds(2);
    private static final Duration LOCK_WAIT_REPORT = Duration.ofSeconds(15);
    private static final Map<String, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    /** Builds one entry. */
    @FunctionalInterface
    interface Builder {
        /**
         * @param out the directory that becomes the entry; put the results here
         * @param work scratch space removed afterwards (sources, root file systems)
         * @param log the build's log file (kept in {@code logs/}, copied into the entry)
         * @return facts to record in the entry's manifest (versions, timings)
         * @throws IOException on a file error
         */
        Map<String, String> build(Path out, Path work, Path log) throws IOException;
    }

    private final Path root;

    ImageCache(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    /**
     * @param name an entry name from {@link CacheKey#entryName()}
     * @return the entry's directory when it is complete
     */
    Optional<Path> lookup(String name) {
        Path entry = root.resolve(name);
        return Files.isRegularFile(entry.resolve(MANIFEST)) ? Optional.of(entry) : Optional.empty();
    }

    /**
     * @param entry a complete entry
     * @return its manifest
     */
    static Properties manifest(Path entry) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(entry.resolve(MANIFEST))) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + entry.resolve(MANIFEST), e);
        }
        return p;
    }

    /**
     * Returns the entry, building it first unless it is complete already.
     *
     * @param name the entry's name
     * @param progress where waiting and building are reported
     * @param builder what builds it
     * @return the complete entry's directory
     */
    Path obtain(String name, BuildProgress progress, Builder builder) {
        Optional<Path> done = lookup(name);
        if (done.isPresent()) {
            return done.get();
        }
        ReentrantLock local = IN_PROCESS.computeIfAbsent(root.resolve(name).toString(), k -> new ReentrantLock());
        local.lock();
        try {
            mkdirs(root.resolve("locks"), root.resolve("logs"), root.resolve("tmp"));
            Path lockFile = root.resolve("locks").resolve(name + ".lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = acquire(channel, name, lockFile, progress)) {
                done = lookup(name);
                if (done.isPresent()) {
                    progress.step(name + ": built by another process meanwhile");
                    return done.get();
                }
                return build(name, progress, builder);
            }
        } catch (AccessDeniedException e) {
            throw new BackendUnavailableException("image cache " + root + " is not writable (" + e.getFile()
                    + "); set " + GuestImages.CACHE_VARIABLE + " to a writable directory, or fill the cache once as root", e);
        } catch (IOException e) {
            throw new OperationFailedException("image cache " + root + ": cannot build entry " + name, e);
        } finally {
            local.unlock();
        }
    }

    private static FileLock acquire(FileChannel channel, String name, Path lockFile, BuildProgress progress) throws IOException {
        Instant since = Instant.now();
        Instant lastReport = Instant.EPOCH;
        while (true) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return lock;
            }
            Instant now = Instant.now();
            if (Duration.between(lastReport, now).compareTo(LOCK_WAIT_REPORT) >= 0) {
                progress.step(name + ": waiting for another process that is building it (lock " + lockFile + ", "
                        + Duration.between(since, now).toSeconds() + " s so far)");
                lastReport = now;
            }
            try {
                Thread.sleep(LOCK_POLL.toMillis()); // waiting for another process's file lock: no event to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OperationFailedException("interrupted while waiting for the build lock " + lockFile);
            }
        }
    }

    private Path build(String name, BuildProgress progress, Builder builder) throws IOException {
        removeStale(name);
        Path tmp = Files.createTempDirectory(root.resolve("tmp"), name + ".");
        Path out = Files.createDirectory(tmp.resolve("out"));
        Path work = Files.createDirectory(tmp.resolve("work"));
        Path log = root.resolve("logs").resolve(name + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".log");
        Instant start = Instant.now();
        Files.writeString(log, "# nfv-lightvirt image cache: build of " + name + " started " + start + "\n");
        boolean published = false;
        try {
            Map<String, String> facts = builder.build(out, work, log);
            Duration took = Duration.between(start, Instant.now());
            Files.copy(log, out.resolve("build.log"), StandardCopyOption.REPLACE_EXISTING);
            Properties manifest = new Properties();
            manifest.putAll(new TreeMap<>(facts));
            manifest.setProperty("entry", name);
            manifest.setProperty("builtAt", Instant.now().toString());
            manifest.setProperty("buildMillis", Long.toString(took.toMillis()));
            try (OutputStream o = Files.newOutputStream(out.resolve(MANIFEST))) {
                manifest.store(o, "nfv-lightvirt image cache entry");
            }
            Path entry = root.resolve(name);
            if (Files.exists(entry)) { // a directory without manifest: not complete, never published by us
                deleteTree(entry);
            }
            try {
                Files.move(out, entry, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new OperationFailedException("image cache " + root + " cannot rename atomically within itself", e);
            }
            published = true;
            LOG.info("image cache entry {} built in {} s (log {})", entry, took.toSeconds(), log);
            progress.step(name + ": built in " + took.toSeconds() + " s");
            return entry;
        } finally {
            try {
                deleteTree(tmp);
            } catch (RuntimeException | IOException e) {
                if (published) {
                    LOG.warn("cannot remove build directory {}: {}", tmp, e.getMessage());
                } else {
                    LOG.warn("cannot remove failed build directory {}: {}", tmp, e.getMessage());
                }
            }
        }
    }

    /** Removes what an interrupted earlier build of the same entry left in tmp/ (we hold its lock). */
    private void removeStale(String name) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root.resolve("tmp"), name + ".*")) {
            for (Path stale : ds) {
                LOG.info("removing {} left by an interrupted build", stale);
                deleteTree(stale);
            }
        }
    }

    private static void mkdirs(Path... dirs) throws IOException {
        for (Path d : dirs) {
            Files.createDirectories(d);
        }
    }

    /**
     * Deletes a tree without following symbolic links; first unmounts whatever is mounted below it
     * (a debootstrap interrupted between mounting /proc in its target and unmounting it), and
     * refuses to delete anything when a mount stays.
     *
     * @param dir the tree
     * @throws IOException on a file error
     */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> mounts = Mounts.below(dir);
        for (Path m : mounts) {
            LOG.warn("unmounting {} left mounted inside {}", m, dir);
            try {
                Exec.capture("umount " + m, List.of("umount", "-l", m.toString()), Duration.ofSeconds(30));
            } catch (RuntimeException e) {
                LOG.warn("cannot unmount {}: {}", m, e.getMessage());
            }
        }
        List<Path> still = Mounts.below(dir);
        if (!still.isEmpty()) {
            throw new OperationFailedException("refusing to delete " + dir + ": still mounted inside it: " + still);
        }
        List<IOException> errors = new ArrayList<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) {
                delete(d);
                return FileVisitResult.CONTINUE;
            }

            private void delete(Path p) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    if (errors.size() < 5) {
                        errors.add(e);
                    }
                }
            }
        });
        if (!errors.isEmpty()) {
            IOException e = new IOException("cannot delete all of " + dir + ": " + errors.get(0).getMessage());
            errors.forEach(e::addSuppressed);
            throw e;
        }
    }
}
