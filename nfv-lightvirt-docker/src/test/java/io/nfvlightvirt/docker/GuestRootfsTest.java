package io.nfvlightvirt.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


import io.nfvlightvirt.OperationFailedException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuestRootfsTest {
    private static final String DEBIAN_IPERF3_LDD = """
            \tlinux-vdso.so.1 (0x00007ffd3c5f2000)
            \tlibiperf.so.0 => /lib/x86_64-linux-gnu/libiperf.so.0 (0x00007f8a643fd000)
            \tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f8a6421b000)
            \tlibcrypto.so.3 => /lib/x86_64-linux-gnu/libcrypto.so.3 (0x00007f8a63c00000)
            \tlibsctp.so.1 => /lib/x86_64-linux-gnu/libsctp.so.1 (0x00007f8a64215000)
            \tlibm.so.6 => /lib/x86_64-linux-gnu/libm.so.6 (0x00007f8a64135000)
            \t/lib64/ld-linux-x86-64.so.2 (0x00007f8a64447000)
            """;

    @Test
    void lddOutputGivesEveryLibraryAndTheLoaderButNotTheVdso() {
        assertThat(GuestRootfs.parseLdd(Path.of("/usr/bin/iperf3"), DEBIAN_IPERF3_LDD)).containsExactly(
                "/lib/x86_64-linux-gnu/libiperf.so.0",
                "/lib/x86_64-linux-gnu/libc.so.6",
                "/lib/x86_64-linux-gnu/libcrypto.so.3",
                "/lib/x86_64-linux-gnu/libsctp.so.1",
                "/lib/x86_64-linux-gnu/libm.so.6",
                "/lib64/ld-linux-x86-64.so.2");
    }

    @Test
    void aLibraryLddCannotFindIsAnErrorNamingIt() {
        assertThatThrownBy(() -> GuestRootfs.parseLdd(Path.of("/usr/bin/iperf3"), "\tlibiperf.so.0 => not found\n"))
                .isInstanceOf(OperationFailedException.class).hasMessageContaining("libiperf.so.0");
    }

    @Test
    void aStaticBinaryNeedsNoLibraries() {
        assertThat(GuestRootfs.parseLdd(Path.of("/bin/busybox"), "\tstatically linked\n")).isEmpty();
    }

    @Test
    void aMissingBinaryIsAnErrorSayingWhatToInstallAndWhichOptionToSet(@TempDir Path dir) {
        Path missing = dir.resolve("iperf3");
        assertThatThrownBy(() -> GuestRootfs.assemble(missing, Path.of("/bin/busybox")))
                .isInstanceOf(OperationFailedException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("apt-get install iperf3")
                .hasMessageContaining("builtin.iperf3");
    }

    @Test
    void theRootFileSystemIsDeterministicAndHoldsIperf3ItsLibrariesAndBusybox() throws Exception {
        io.nfvlightvirt.testkit.EngineRequirement.require(Files.isExecutable(Path.of("/usr/bin/iperf3")) && Files.isExecutable(Path.of("/bin/busybox")),
                "needs the host's iperf3 and busybox (apt-get install iperf3 busybox-static)");
        byte[] a = GuestRootfs.assemble(Path.of("/usr/bin/iperf3"), Path.of("/bin/busybox"));
        byte[] b = GuestRootfs.assemble(Path.of("/usr/bin/iperf3"), Path.of("/bin/busybox"));
        assertThat(BuiltinImage.sha256(a)).isEqualTo(BuiltinImage.sha256(b));
        var entries = TarArchiveTest.read(a);
        assertThat(entries).containsKeys("usr/bin/iperf3", "bin/busybox", "tmp/", "etc/passwd");
        assertThat(entries.get("bin/sh").linkTarget()).isEqualTo("/bin/busybox");
        assertThat(entries.get("tmp/").mode()).isEqualTo(01777);
        for (String lib : GuestRootfs.sharedLibraries(Path.of("/usr/bin/iperf3"))) {
            assertThat(entries).containsKey(lib.substring(1));
            assertThat(entries.get(lib.substring(1)).size()).isEqualTo(Files.size(Path.of(lib)));
        }
    }
}
