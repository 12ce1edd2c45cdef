package io.nfvlightvirt.libvirt.image;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shared libraries a dynamically linked program needs, read from {@code ldd}'s output, so the
 * program can be copied into an initramfs with exactly the files its loader will open.
 */
final class SharedLibraries {
    /** {@code libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)} */
    private static final Pattern RESOLVED = Pattern.compile("\\s*(\\S+)\\s+=>\\s+(/\\S+)\\s+\\(0x[0-9a-fA-F]+\\)\\s*");
    /** {@code /lib64/ld-linux-x86-64.so.2 (0x...)} — the loader itself */
    private static final Pattern LOADER = Pattern.compile("\\s*(/\\S+)\\s+\\(0x[0-9a-fA-F]+\\)\\s*");
    /** {@code libfoo.so.1 => not found} */
    private static final Pattern MISSING = Pattern.compile("\\s*(\\S+)\\s+=>\\s+not found\\s*");
    /** {@code linux-vdso.so.1 (0x...)}: provided by the kernel, no file */
    private static final Pattern VIRTUAL = Pattern.compile("\\s*([^/\\s]+)\\s+\\(0x[0-9a-fA-F]+\\)\\s*");

    private SharedLibraries() {}

    /**
     * @param program the program ldd ran on, for messages
     * @param lddOutput what {@code ldd program} printed
     * @return the absolute paths of the libraries and of the loader, in ldd's order; empty for a
     *     static program ("not a dynamic executable" / "statically linked")
     * @throws IllegalArgumentException when a library is "not found" or a line is not understood
     */
    static List<Path> parse(String program, String lddOutput) {
        Set<Path> out = new LinkedHashSet<>();
        List<String> missing = new ArrayList<>();
        for (String line : lddOutput.split("\n")) {
            if (line.isBlank() || line.contains("not a dynamic executable") || line.contains("statically linked")) {
                continue;
            }
            Matcher m;
            if ((m = RESOLVED.matcher(line)).matches()) {
                out.add(Path.of(m.group(2)));
            } else if ((m = MISSING.matcher(line)).matches()) {
                missing.add(m.group(1));
            } else if ((m = LOADER.matcher(line)).matches()) {
                out.add(Path.of(m.group(1)));
            } else if (!VIRTUAL.matcher(line).matches()) {
                throw new IllegalArgumentException("ldd " + program + ": cannot read line '" + line.strip() + "'");
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("ldd " + program + ": libraries not found on this host: " + missing);
        }
        return List.copyOf(out);
    }
}
