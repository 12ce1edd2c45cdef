package io.nfvlightvirt.libvirt.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nfvlightvirt.OperationFailedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostFilesTest {
    @TempDir
    Path tmp;

    @Test
    void qemuUserComesFromTheDacBaseLabel() {
        String caps = "<capabilities><host><secmodel><model>dac</model><doi>0</doi>"
                + "<baselabel type='kvm'>+64055:+64055</baselabel><baselabel type='qemu'>+64055:+64055</baselabel>"
                + "</secmodel></host></capabilities>";
        assertThat(QemuUser.fromCapabilities(caps)).contains(new QemuUser(64055, 64055));
        assertThat(QemuUser.securityModels("<secmodel>\n<model>none</model></secmodel>" + caps)).containsExactly("none", "dac");
        assertThat(QemuUser.fromCapabilities("<capabilities/>")).isEmpty();
    }

    @Test
    void rssIsReadFromThePidFileAndProcStatus() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Path proc = Files.createDirectories(tmp.resolve("proc/4242"));
        Files.writeString(run.resolve("dom.pid"), "4242\n");
        Files.writeString(proc.resolve("status"), "Name:\tqemu\nVmRSS:\t   73216 kB\n");
        QemuProcess q = new QemuProcess(run, tmp.resolve("proc"));
        assertThat(q.pid("dom")).hasValue(4242);
        assertThat(q.rssBytes("dom")).hasValue(73216L * 1024);
        assertThat(q.rssBytes("other")).isEmpty();
    }

    @Test
    void instanceDirectoriesAreMarkedCopiedIntoAndDeletedOnlyWhenMarked() throws Exception {
        InstanceDirectory dirs = new InstanceDirectory(tmp.resolve("instances"), Optional.empty());
        Path dir = dirs.create("nfvlv.o.fw1", "o", "fw1");
        Path src = Files.writeString(tmp.resolve("kernel"), "k");
        Path copy = dirs.copyIn(dir, src, "kernel");
        assertThat(copy).hasContent("k");
        assertThat(dirs.domainsOf("o")).containsExactly("nfvlv.o.fw1");
        assertThat(dirs.domainsOf("someone-else")).isEmpty();
        Path foreign = Files.createDirectories(tmp.resolve("instances/not-ours"));
        assertThat(dirs.delete("not-ours")).isFalse();
        assertThat(foreign).exists();
        assertThat(dirs.delete("nfvlv.o.fw1")).isTrue();
        assertThat(dir).doesNotExist();
        assertThat(dirs.delete("nfvlv.o.fw1")).isFalse();
    }

    @Test
    void anExistingDirectoryOfAnotherInstanceIsNotReused() throws Exception {
        InstanceDirectory dirs = new InstanceDirectory(tmp.resolve("instances"), Optional.empty());
        dirs.create("d", "o", "a");
        assertThatThrownBy(() -> dirs.create("d", "o", "b")).isInstanceOf(OperationFailedException.class)
                .hasMessageContaining("not marked");
    }

    @Test
    void imageFormatIsTakenFromTheQcow2Magic() throws Exception {
        Path q = Files.write(tmp.resolve("q"), new byte[] {'Q', 'F', 'I', (byte) 0xfb, 0, 0, 0, 3});
        Path r = Files.write(tmp.resolve("r"), new byte[] {0, 0, 0, 0});
        assertThat(InstanceDirectory.imageFormat(q)).isEqualTo("qcow2");
        assertThat(InstanceDirectory.imageFormat(r)).isEqualTo("raw");
    }
}
