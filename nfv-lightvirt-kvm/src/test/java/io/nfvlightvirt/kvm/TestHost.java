package io.nfvlightvirt.kvm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the integration tests need from the host: the test unikernel, and commands run without a shell. */
final class TestHost {
    /** The Unikraft nfvsink guest (HTTP on 8123, discard on 9, chargen on 19). */
    static final Path NFVSINK = io.nfvlightvirt.testkit.SharedGuests.nfvsinkQemu()
            .orElse(Path.of("shared", io.nfvlightvirt.testkit.SharedGuests.NFVSINK_QEMU));

    private TestHost() {}

    /** Output and exit code of a command. */
    record Run(int exit, String out) {}

    static Run run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " did not finish in 60 s");
            }
            return new Run(p.exitValue(), out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @return every domain name libvirt knows, running or not, asked through virsh (not the backend) */
    static List<String> virshDomains() {
        Run r = run("virsh", "-c", "qemu:///system", "list", "--all", "--name");
        if (r.exit() != 0) {
            throw new IllegalStateException("virsh list failed: " + r.out());
        }
        List<String> out = new ArrayList<>();
        for (String l : r.out().split("\n")) {
            if (!l.isBlank()) {
                out.add(l.strip());
            }
        }
        return out;
    }

    /** @param link a link name @return whether {@code ip link show} finds it */
    static boolean linkExists(String link) {
        return run("ip", "link", "show", "dev", link).exit() == 0;
    }

    static boolean exists(Path p) {
        return Files.exists(p);
    }
}
