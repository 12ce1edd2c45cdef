package io.nfvlightvirt.libvirt.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpioArchiveTest {
    @TempDir
    Path dir;

    /** One entry as read back from a newc archive. */
    record Entry(String name, int mode, int uid, int rdevMajor, int rdevMinor, byte[] data) {}

    static List<Entry> read(byte[] a) {
        List<Entry> out = new ArrayList<>();
        int pos = 0;
        while (true) {
            assertThat(pos % 4).as("entries start 4-byte aligned").isZero();
            String h = new String(a, pos, 110, StandardCharsets.US_ASCII);
            assertThat(h).startsWith("070701");
            int[] f = new int[13];
            for (int i = 0; i < 13; i++) {
                f[i] = (int) Long.parseLong(h.substring(6 + 8 * i, 14 + 8 * i), 16);
            }
            int nameSize = f[11];
            String name = new String(a, pos + 110, nameSize - 1, StandardCharsets.UTF_8);
            pos = align(pos + 110 + nameSize);
            byte[] data = java.util.Arrays.copyOfRange(a, pos, pos + f[6]);
            pos = align(pos + f[6]);
            if (name.equals("TRAILER!!!")) {
                assertThat(pos).isEqualTo(a.length);
                return out;
            }
            out.add(new Entry(name, f[1], f[2], f[9], f[10], data));
        }
    }

    private static int align(int n) {
        return (n + 3) & ~3;
    }

    @Test
    void writesFilesDirectoriesLinksAndDevicesTheKernelCanUnpack() throws IOException {
        Path host = Files.writeString(dir.resolve("f"), "hello");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CpioArchive a = new CpioArchive(bytes)) {
            a.characterDevice("/dev/console", 0600, 5, 1);
            a.file("bin/busybox", 0755, host);
            a.symlink("bin/sh", "busybox");
            a.file("init", 0755, "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8));
            a.directory("tmp", 01777);
        }
        List<Entry> entries = read(bytes.toByteArray());
        assertThat(entries).extracting(Entry::name).containsExactly("dev", "dev/console", "bin", "bin/busybox", "bin/sh", "init", "tmp");
        assertThat(entries.get(1).mode()).isEqualTo(0020600);
        assertThat(entries.get(1).rdevMajor()).isEqualTo(5);
        assertThat(entries.get(1).rdevMinor()).isEqualTo(1);
        assertThat(entries.get(3).mode()).isEqualTo(0100755);
        assertThat(new String(entries.get(3).data(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(entries.get(4).mode()).isEqualTo(0120777);
        assertThat(new String(entries.get(4).data(), StandardCharsets.UTF_8)).isEqualTo("busybox");
        assertThat(entries.get(6).mode()).isEqualTo(0041777);
        assertThat(entries).allSatisfy(e -> assertThat(e.uid()).isZero());
    }

    @Test
    void parentsComeFirstAndOnce() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CpioArchive a = new CpioArchive(bytes)) {
            a.file("lib/x86_64-linux-gnu/libc.so.6", 0755, new byte[] {1, 2, 3});
            a.file("lib/x86_64-linux-gnu/libm.so.6", 0755, new byte[] {4});
            a.directory("lib", 0755);
        }
        assertThat(read(bytes.toByteArray())).extracting(Entry::name)
                .containsExactly("lib", "lib/x86_64-linux-gnu", "lib/x86_64-linux-gnu/libc.so.6", "lib/x86_64-linux-gnu/libm.so.6");
    }

    @Test
    void theSameInputGivesTheSameBytes() throws IOException {
        assertThat(archive()).isEqualTo(archive());
    }

    private static byte[] archive() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CpioArchive a = new CpioArchive(bytes)) {
            a.file("init", 0755, "x".getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    @Test
    void refusesPathsThatLeaveTheArchiveRoot() throws IOException {
        try (CpioArchive a = new CpioArchive(new ByteArrayOutputStream())) {
            assertThatThrownBy(() -> a.file("../etc/passwd", 0644, new byte[0])).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("../etc/passwd");
        }
    }
}
