package io.nfvlightvirt.libvirt.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Reads the QEMU process of a running local domain: its pid from libvirt's pid file
 * ({@code /run/libvirt/qemu/NAME.pid}) and its resident memory from {@code /proc/PID/status}.
 */
public final class QemuProcess {
    private final Path runDir;
    private final Path proc;

    /** Uses {@code /run/libvirt/qemu} and {@code /proc}. */
    public QemuProcess() {
        this(Path.of("/run/libvirt/qemu"), Path.of("/proc"));
    }

    QemuProcess(Path runDir, Path proc) {
        this.runDir = runDir;
        this.proc = proc;
    }

    /**
     * @param domainName the libvirt domain name
     * @return the QEMU pid, when the domain runs on this host
     */
    public OptionalLong pid(String domainName) {
        try {
            String s = Files.readString(runDir.resolve(domainName + ".pid"), StandardCharsets.US_ASCII).strip();
            return s.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(s));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * @param domainName the libvirt domain name
     * @return QEMU's resident set size (VmRSS) in bytes, when it runs on this host
     */
    public OptionalLong rssBytes(String domainName) {
        OptionalLong pid = pid(domainName);
        if (pid.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            for (String line : Files.readAllLines(proc.resolve(Long.toString(pid.getAsLong())).resolve("status"),
                    StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:")) {
                    String[] t = line.substring(6).strip().split("\\s+");
                    long v = Long.parseLong(t[0]);
                    return OptionalLong.of(t.length > 1 && t[1].equalsIgnoreCase("kB") ? v * 1024 : v);
                }
            }
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }
}
