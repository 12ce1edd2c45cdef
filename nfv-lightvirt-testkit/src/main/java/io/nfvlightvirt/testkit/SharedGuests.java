package io.nfvlightvirt.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the guest images the project's {@code shared/} directory provides (the Unikraft nfvsink
 * unikernel) without hard-coding where a checkout lives: the system property
 * {@value #PROPERTY} wins; otherwise {@code shared/} is looked for beside every directory from the
 * working directory up to the root (a clone with {@code shared/} next to it, or inside it).
 */
public final class SharedGuests {
    /** System property naming the nfvsink unikernel explicitly. */
    public static final String PROPERTY = "nfv.lightvirt.test.unikernel";
    /** Where the nfvsink QEMU build lies inside {@code shared/}. */
    public static final String NFVSINK_QEMU = "guests/unikraft-nfvsink/nfvsink_qemu-x86_64";

    private SharedGuests() {}

    /** @return the nfvsink unikernel for QEMU, if it can be found */
    public static Optional<Path> nfvsinkQemu() {
        String given = System.getProperty(PROPERTY);
        if (given != null && !given.isBlank()) {
            return Optional.of(Path.of(given));
        }
        return find(NFVSINK_QEMU);
    }

    /**
     * @param relative a path inside {@code shared/}
     * @return the first readable {@code shared/relative} beside the working directory or one of its parents
     */
    public static Optional<Path> find(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve(relative);
            if (Files.isReadable(candidate)) {
                return Optional.of(candidate.normalize());
            }
        }
        return Optional.empty();
    }

    /** @return a path to report when the unikernel cannot be found, saying how to give it */
    public static String howToGive() {
        return "no " + NFVSINK_QEMU + " in a shared/ directory beside the working directory or its parents;"
                + " set -D" + PROPERTY + "=PATH";
    }
}
