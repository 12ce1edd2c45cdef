package io.nfvlightvirt.probes.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A guest booted by {@code qemu-system-x86_64 -accel tcg} directly on a tap the test created, its
 * serial console in a file. Stopped by PID ({@link Process#destroy()}, then forcibly).
 */
final class QemuGuest implements AutoCloseable {
    private final Process process;
    private final Path console;

    private QemuGuest(Process process, Path console) {
        this.process = process;
        this.console = console;
    }

    /**
     * @param kernel the {@code -kernel} image
     * @param initrd an initramfs, or null
     * @param append the kernel command line
     * @param tap the host tap
     * @param mac the guest's MAC
     * @param memoryMiB guest memory
     * @param console where the serial console goes
     * @return the running QEMU
     */
    static QemuGuest start(Path kernel, Path initrd, String append, String tap, String mac, int memoryMiB,
            Path console) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("qemu-system-x86_64", "-accel", "tcg", "-cpu", "max", "-m",
                String.valueOf(memoryMiB), "-smp", "1", "-nodefaults", "-no-user-config", "-display", "none",
                "-no-reboot", "-kernel", kernel.toString(), "-append", append,
                "-serial", "file:" + console,
                "-netdev", "tap,id=n0,ifname=" + tap + ",script=no,downscript=no",
                "-device", "virtio-net-pci,netdev=n0,mac=" + mac + ",romfile="));
        if (initrd != null) {
            cmd.add("-initrd");
            cmd.add(initrd.toString());
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(console.resolveSibling(console.getFileName() + ".qemu").toFile()).start();
        return new QemuGuest(p, console);
    }

    /** @return QEMU's PID */
    long pid() {
        return process.pid();
    }

    /**
     * Waits until the serial console shows {@code marker}.
     *
     * @param marker a line the guest prints when ready
     * @param timeout how long to wait
     */
    void awaitConsole(String marker, Duration timeout) throws IOException, InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - until < 0) {
            if (Files.exists(console) && Files.readString(console, StandardCharsets.ISO_8859_1).contains(marker)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("QEMU exited (" + process.exitValue() + ") before the guest printed '"
                        + marker + "'; console: " + tail());
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the guest did not print '" + marker + "' within " + timeout + "; console: "
                + tail());
    }

    String tail() throws IOException {
        if (!Files.exists(console)) {
            return "(no console output)";
        }
        String s = Files.readString(console, StandardCharsets.ISO_8859_1);
        return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
