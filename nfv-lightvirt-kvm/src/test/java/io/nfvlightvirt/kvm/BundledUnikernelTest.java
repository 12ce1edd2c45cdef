package io.nfvlightvirt.kvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundledUnikernelTest {
    /** The sha256 that unikernel/README.md documents for the bundled build. */
    private static final String DOCUMENTED_SHA256 = "9a4957851d92d5bc72c9011d85b1198ff3dc83da0c48522c4239344b2a948235";

    @Test
    void isWrittenOnceUnderItsHashAndRewrittenWhenDamaged(@TempDir Path cache) throws Exception {
        Path file = BundledUnikernel.file(cache);
        assertThat(file.getParent().getFileName().toString()).isEqualTo("unikernel-nfvsink-" + DOCUMENTED_SHA256.substring(0, 20));
        assertThat(BundledUnikernel.sha256(Files.readAllBytes(file))).isEqualTo(DOCUMENTED_SHA256);
        assertThat(Files.size(file)).isEqualTo(438_632);
        assertThat(Files.getPosixFilePermissions(file)).as("readable by other users of a cache root filled")
                .contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ);

        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(file, old);
        assertThat(BundledUnikernel.file(cache)).isEqualTo(file);
        assertThat(Files.getLastModifiedTime(file)).as("an intact copy is not written again").isEqualTo(old);

        Files.write(file, new byte[] {1, 2, 3});
        assertThat(BundledUnikernel.file(cache)).isEqualTo(file);
        assertThat(BundledUnikernel.sha256(Files.readAllBytes(file))).isEqualTo(DOCUMENTED_SHA256);
        try (var left = Files.list(file.getParent())) {
            assertThat(left).as("no temporary file left").containsExactly(file);
        }
    }
}
