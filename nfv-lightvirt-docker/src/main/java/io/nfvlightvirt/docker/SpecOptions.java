package io.nfvlightvirt.docker;

import io.nfvlightvirt.InvalidSpecException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The spec options the docker backend understands ({@link io.nfvlightvirt.VnfSpec#options()}):
 * <ul>
 *   <li>{@value #RUNTIME}: the OCI runtime, {@code runc} (default) or {@code runsc} (gVisor, when
 *       the engine has it registered and a probe container runs under it), or any other runtime
 *       the engine registers;</li>
 *   <li>{@value #COMMAND}: a shell command line run with {@code /bin/sh -c} instead of the image's
 *       own command (the built-in image runs {@code iperf3 -s}).</li>
 * </ul>
 * Any other key is rejected with an {@link InvalidSpecException} naming it and the allowed ones.
 *
 * @param runtime the runtime asked for, if any
 * @param command the command asked for, if any
 */
record SpecOptions(Optional<String> runtime, Optional<String> command) {
    static final String RUNTIME = "runtime";
    static final String COMMAND = "command";
    static final Set<String> KEYS = Set.of(RUNTIME, COMMAND);
    private static final Pattern RUNTIME_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}");

    /**
     * @param options the spec's options
     * @return the parsed options
     * @throws InvalidSpecException naming an unknown key or a malformed value
     */
    static SpecOptions parse(Map<String, String> options) {
        for (String key : options.keySet()) {
            if (!KEYS.contains(key)) {
                throw new InvalidSpecException("options", key,
                        "unknown option for the docker backend; allowed: " + String.join(", ", new TreeSet<>(KEYS)));
            }
        }
        Optional<String> runtime = Optional.ofNullable(options.get(RUNTIME));
        runtime.ifPresent(r -> {
            if (!RUNTIME_NAME.matcher(r).matches()) {
                throw new InvalidSpecException("options." + RUNTIME, r, "must be a runtime name such as runc or runsc");
            }
        });
        Optional<String> command = Optional.ofNullable(options.get(COMMAND));
        command.ifPresent(c -> {
            if (c.isBlank() || c.indexOf('\0') >= 0) {
                throw new InvalidSpecException("options." + COMMAND, c, "must be a non-blank shell command line without NUL");
            }
        });
        return new SpecOptions(runtime, command);
    }
}
