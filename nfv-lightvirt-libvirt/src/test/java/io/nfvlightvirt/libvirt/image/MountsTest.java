package io.nfvlightvirt.libvirt.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MountsTest {
    private static final String TABLE = """
            /dev/vda / ext4 rw,relatime 0 0
            proc /proc proc rw,nosuid 0 0
            proc /var/cache/nfv-lightvirt/tmp/debian-x.1/work/root/proc proc rw 0 0
            sysfs /var/cache/nfv-lightvirt/tmp/debian-x.1/work/root/sys sysfs rw 0 0
            tmpfs /var/cache/nfv-lightvirt/tmp/debian-x.1/work/root/sys/fs/cgroup tmpfs rw 0 0
            /dev/vda /var/cache/nfv-lightvirt/tmp/debian-x.10 ext4 rw 0 0
            /dev/vdb /mnt/with\\040space ext4 rw 0 0
            """;

    @Test
    void findsMountsBelowADirectoryDeepestFirst() {
        assertThat(Mounts.below(Path.of("/var/cache/nfv-lightvirt/tmp/debian-x.1"), TABLE)).containsExactly(
                Path.of("/var/cache/nfv-lightvirt/tmp/debian-x.1/work/root/sys/fs/cgroup"),
                Path.of("/var/cache/nfv-lightvirt/tmp/debian-x.1/work/root/proc"),
                Path.of("/var/cache/nfv-lightvirt/tmp/debian-x.1/work/root/sys"));
    }

    @Test
    void aSiblingWithTheSamePrefixIsNotBelow() {
        assertThat(Mounts.below(Path.of("/var/cache/nfv-lightvirt/tmp/debian-x.1"), TABLE))
                .doesNotContain(Path.of("/var/cache/nfv-lightvirt/tmp/debian-x.10"));
    }

    @Test
    void readsOctalEscapes() {
        assertThat(Mounts.below(Path.of("/mnt/with space"), TABLE)).containsExactly(Path.of("/mnt/with space"));
        assertThat(Mounts.unescape("a\\134b")).isEqualTo("a\\b");
    }
}
