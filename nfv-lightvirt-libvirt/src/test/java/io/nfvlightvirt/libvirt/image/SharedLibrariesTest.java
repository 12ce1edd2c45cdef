package io.nfvlightvirt.libvirt.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SharedLibrariesTest {
    /** What Debian 12's ldd prints for /usr/bin/iperf3. */
    private static final String IPERF3 = """
            \tlinux-vdso.so.1 (0x00007fa066e49000)
            \tlibiperf.so.0 => /lib/x86_64-linux-gnu/libiperf.so.0 (0x00007fa066e01000)
            \tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007fa066c1f000)
            \tlibcrypto.so.3 => /lib/x86_64-linux-gnu/libcrypto.so.3 (0x00007fa066600000)
            \tlibsctp.so.1 => /lib/x86_64-linux-gnu/libsctp.so.1 (0x00007fa066c19000)
            \tlibm.so.6 => /lib/x86_64-linux-gnu/libm.so.6 (0x00007fa066b39000)
            \t/lib64/ld-linux-x86-64.so.2 (0x00007fa066e4b000)
            """;

    @Test
    void listsResolvedLibrariesAndTheLoaderButNotTheVdso() {
        assertThat(SharedLibraries.parse("iperf3", IPERF3)).containsExactly(
                Path.of("/lib/x86_64-linux-gnu/libiperf.so.0"), Path.of("/lib/x86_64-linux-gnu/libc.so.6"),
                Path.of("/lib/x86_64-linux-gnu/libcrypto.so.3"), Path.of("/lib/x86_64-linux-gnu/libsctp.so.1"),
                Path.of("/lib/x86_64-linux-gnu/libm.so.6"), Path.of("/lib64/ld-linux-x86-64.so.2"));
    }

    @Test
    void aStaticProgramNeedsNothing() {
        assertThat(SharedLibraries.parse("busybox", "\tnot a dynamic executable\n")).isEmpty();
        assertThat(SharedLibraries.parse("x", "\tstatically linked\n")).isEmpty();
    }

    @Test
    void aMissingLibraryIsAnErrorNamingIt() {
        assertThatThrownBy(() -> SharedLibraries.parse("iperf3", "\tlibsctp.so.1 => not found\n\tlibc.so.6 => /lib/libc.so.6 (0x1)\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("iperf3").hasMessageContaining("libsctp.so.1");
    }

    @Test
    void anUnknownLineIsAnErrorRatherThanASilentlyIncompleteImage() {
        assertThatThrownBy(() -> SharedLibraries.parse("p", "something odd\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("something odd");
    }

    @Test
    void aLibraryListedTwiceIsCopiedOnce() {
        assertThat(SharedLibraries.parse("p", "\tlibc.so.6 => /lib/libc.so.6 (0x1)\n\tlibc.so.6 => /lib/libc.so.6 (0x1)\n")).hasSize(1);
    }
}
