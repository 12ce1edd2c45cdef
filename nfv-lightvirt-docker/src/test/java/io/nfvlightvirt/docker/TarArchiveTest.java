package io.nfvlightvirt.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TarArchiveTest {

    /** One entry read back from an archive. */
    record Read(char type, int mode, long size, String linkTarget, byte[] content) {}

    /** A small ustar reader that also checks every header's checksum. */
    static Map<String, Read> read(byte[] tar) {
        Map<String, Read> out = new LinkedHashMap<>();
        int pos = 0;
        while (pos + 512 <= tar.length) {
            boolean zero = true;
            for (int i = pos; i < pos + 512; i++) {
                zero &= tar[i] == 0;
            }
            if (zero) {
                break;
            }
            long sum = 0;
            for (int i = 0; i < 512; i++) {
                sum += (i >= 148 && i < 156) ? ' ' : tar[pos + i] & 0xFF;
            }
            assertThat(octal(tar, pos + 148, 8)).as("checksum at %d", pos).isEqualTo(sum);
            assertThat(new String(tar, pos + 257, 5, StandardCharsets.US_ASCII)).isEqualTo("ustar");
            String name = cstr(tar, pos, 100);
            String prefix = cstr(tar, pos + 345, 155);
            String path = prefix.isEmpty() ? name : prefix + "/" + name;
            long size = octal(tar, pos + 124, 12);
            int mode = (int) octal(tar, pos + 100, 8);
            char type = (char) tar[pos + 156];
            byte[] content = new byte[(int) size];
            System.arraycopy(tar, pos + 512, content, 0, (int) size);
            out.put(path, new Read(type, mode, size, cstr(tar, pos + 157, 100), content));
            pos += 512 + (int) ((size + 511) / 512 * 512);
        }
        return out;
    }

    private static String cstr(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] b, int off, int len) {
        String s = cstr(b, off, len).trim();
        return s.isEmpty() ? 0 : Long.parseLong(s, 8);
    }

    @Test
    void writesDirectoriesFilesAndLinksThatReadBack() {
        byte[] tar = new TarArchive()
                .directory("bin", 0755)
                .file("bin/hello", 0755, "hi\n".getBytes(StandardCharsets.US_ASCII))
                .symlink("bin/sh", "/bin/busybox")
                .toByteArray();
        assertThat(tar.length % 512).isZero();
        Map<String, Read> e = read(tar);
        assertThat(e).containsOnlyKeys("bin/", "bin/hello", "bin/sh");
        assertThat(e.get("bin/").type()).isEqualTo('5');
        assertThat(e.get("bin/hello").mode()).isEqualTo(0755);
        assertThat(new String(e.get("bin/hello").content(), StandardCharsets.US_ASCII)).isEqualTo("hi\n");
        assertThat(e.get("bin/sh").type()).isEqualTo('2');
        assertThat(e.get("bin/sh").linkTarget()).isEqualTo("/bin/busybox");
    }

    @Test
    void equalContentGivesEqualBytes() {
        byte[] a = new TarArchive().file("x", 0644, new byte[700]).toByteArray();
        byte[] b = new TarArchive().file("x", 0644, new byte[700]).toByteArray();
        assertThat(a).isEqualTo(b);
    }

    @Test
    void longPathsAreSplitIntoPrefixAndName() {
        String dir = "a".repeat(80) + "/" + "b".repeat(60);
        String path = dir + "/file";
        Map<String, Read> e = read(new TarArchive().file(path, 0644, new byte[1]).toByteArray());
        assertThat(e).containsOnlyKeys(path);
    }

    @Test
    void pathsTooLongForUstarAreRefused() {
        assertThatThrownBy(() -> new TarArchive().file("x".repeat(300), 0644, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too long");
    }
}
