package io.nfvlightvirt.libvirt.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageCacheTest {
    @TempDir
    Path root;

    private final List<String> steps = new ArrayList<>();
    private final BuildProgress progress = s -> {
        synchronized (steps) {
            steps.add(s);
        }
    };

    private static ImageCache.Builder writing(AtomicInteger builds) {
        return (out, work, log) -> {
            builds.incrementAndGet();
            Files.writeString(work.resolve("scratch"), "big");
            Files.writeString(out.resolve("bzImage"), "kernel");
            Files.writeString(log, "  CC      init/main.o\n");
            return Map.of("kernelRelease", "6.1.192-tinyx");
        };
    }

    @Test
    void buildsAnEntryWithItsOutputsManifestAndLog() {
        Path entry = new ImageCache(root).obtain("tinyx-kernel-x-0123", progress, writing(new AtomicInteger()));
        assertThat(entry).isEqualTo(root.resolve("tinyx-kernel-x-0123"));
        assertThat(entry.resolve("bzImage")).hasContent("kernel");
        assertThat(entry.resolve("build.log")).content().contains("init/main.o");
        assertThat(entry.resolve("scratch")).doesNotExist();
        assertThat(ImageCache.manifest(entry)).containsEntry("kernelRelease", "6.1.192-tinyx").containsKey("buildMillis");
    }

    @Test
    void aCompleteEntryIsNotBuiltAgain() {
        AtomicInteger builds = new AtomicInteger();
        ImageCache cache = new ImageCache(root);
        cache.obtain("e-1", progress, writing(builds));
        cache.obtain("e-1", progress, writing(builds));
        new ImageCache(root).obtain("e-1", progress, writing(builds));
        assertThat(builds).hasValue(1);
    }

    @Test
    void aFailedBuildLeavesNoEntryAndNoTemporaryFilesButKeepsItsLog() throws IOException {
        ImageCache cache = new ImageCache(root);
        assertThatThrownBy(() -> cache.obtain("e-2", progress, (out, work, log) -> {
            Files.writeString(out.resolve("half"), "x");
            Files.writeString(log, "make: *** [Makefile] Error 2\n");
            throw new IOException("compiler crashed");
        })).hasMessageContaining("compiler crashed");
        assertThat(cache.lookup("e-2")).isEmpty();
        assertThat(root.resolve("e-2")).doesNotExist();
        try (Stream<Path> tmp = Files.list(root.resolve("tmp"))) {
            assertThat(tmp).isEmpty();
        }
        try (Stream<Path> logs = Files.list(root.resolve("logs"))) {
            assertThat(logs).singleElement().satisfies(l -> assertThat(l).content().contains("Error 2"));
        }
    }

    @Test
    void concurrentCallersBuildOnce() throws Exception {
        AtomicInteger builds = new AtomicInteger();
        CountDownLatch inBuild = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ImageCache.Builder slow = (out, work, log) -> {
            builds.incrementAndGet();
            inBuild.countDown();
            try {
                assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            Files.writeString(out.resolve("f"), "x");
            return Map.of();
        };
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Path>> results = new ArrayList<>();
            results.add(pool.submit(() -> new ImageCache(root).obtain("e-3", progress, slow)));
            assertThat(inBuild.await(30, TimeUnit.SECONDS)).isTrue();
            results.add(pool.submit(() -> new ImageCache(root).obtain("e-3", progress, slow)));
            results.add(pool.submit(() -> new ImageCache(root).obtain("e-3", progress, slow)));
            release.countDown();
            for (Future<Path> f : results) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(root.resolve("e-3"));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(builds).hasValue(1);
    }

    @Test
    void whatAnInterruptedBuildLeftIsRemovedByTheNextBuild() throws IOException {
        Path stale = Files.createDirectories(root.resolve("tmp/e-4.12345/work/linux"));
        Files.writeString(stale.resolve("Makefile"), "x");
        Files.createDirectories(root.resolve("tmp/e-40.999"));
        new ImageCache(root).obtain("e-4", progress, writing(new AtomicInteger()));
        assertThat(root.resolve("tmp/e-4.12345")).doesNotExist();
        assertThat(root.resolve("tmp/e-40.999")).as("another entry's build is left alone").exists();
    }

    @Test
    void deleteTreeRemovesLinksNotWhatTheyPointTo() throws IOException {
        Path outside = Files.createDirectories(root.resolve("outside"));
        Files.writeString(outside.resolve("keep"), "x");
        Path tree = Files.createDirectories(root.resolve("tree/usr"));
        Files.createSymbolicLink(root.resolve("tree/lib"), outside);
        Files.createSymbolicLink(tree.resolve("abs"), Path.of("/etc"));
        ImageCache.deleteTree(root.resolve("tree"));
        assertThat(root.resolve("tree")).doesNotExist();
        assertThat(outside.resolve("keep")).exists();
    }
}
