package io.nfvlightvirt.libvirt.net;

import io.nfvlightvirt.OperationFailedException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs iproute2's {@code ip} without a shell: arguments are passed as a list, never parsed from a
 * string, so no user value is ever interpreted. Several changes go through one {@code ip -batch -}
 * process to keep fork/exec off the hot path.
 */
public final class IpCommand {
    private static final Logger LOG = LoggerFactory.getLogger(IpCommand.class);
    private static final long TIMEOUT_SECONDS = 20;

    private final String binary;

    /** Uses {@code ip} from the PATH ({@code /usr/sbin/ip} or {@code /sbin/ip} on Debian). */
    public IpCommand() {
        this(findIp());
    }

    /** @param binary the {@code ip} binary */
    public IpCommand(String binary) {
        this.binary = binary;
    }

    private static String findIp() {
        for (String p : List.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip")) {
            if (new java.io.File(p).canExecute()) {
                return p;
            }
        }
        return "ip";
    }

    /**
     * @param args arguments after {@code ip}
     * @return standard output
     * @throws OperationFailedException with {@code ip}'s error output when it exits non-zero
     */
    public String run(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary);
        cmd.addAll(List.of(args));
        Result r = exec(cmd, null);
        if (r.exit != 0) {
            throw new OperationFailedException("'" + String.join(" ", cmd) + "' failed (exit " + r.exit + "): " + r.err.strip());
        }
        return r.out;
    }

    /**
     * Runs {@code ip -batch -} (stopping at the first failure) with one command per element, each a list of arguments.
     * Arguments holding white space are double-quoted for the batch parser; quotes and backslashes are refused.
     *
     * @param commands commands, each without the leading {@code ip}
     * @throws OperationFailedException when any command fails
     */
    public void batch(List<List<String>> commands) {
        if (commands.isEmpty()) {
            return;
        }
        StringBuilder in = new StringBuilder();
        for (List<String> c : commands) {
            for (int i = 0; i < c.size(); i++) {
                if (i > 0) {
                    in.append(' ');
                }
                in.append(quote(c.get(i)));
            }
            in.append('\n');
        }
        List<String> cmd = List.of(binary, "-batch", "-");
        Result r = exec(cmd, in.toString());
        if (r.exit != 0) {
            throw new OperationFailedException("'ip -batch' failed (exit " + r.exit + "): " + r.err.strip()
                    + " [commands: " + in.toString().strip().replace('\n', ';') + "]");
        }
    }

    /**
     * Like {@link #run} but returns false instead of throwing (for removals of things that may be gone).
     *
     * @param args arguments after {@code ip}
     * @return whether {@code ip} exited with 0
     */
    public boolean tryRun(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary);
        cmd.addAll(List.of(args));
        Result r = exec(cmd, null);
        if (r.exit != 0) {
            LOG.debug("'{}' exited {}: {}", String.join(" ", cmd), r.exit, r.err.strip());
        }
        return r.exit == 0;
    }

    static String quote(String arg) {
        for (int i = 0; i < arg.length(); i++) {
            char c = arg.charAt(i);
            if (c == '\n' || c == '\r' || c == '\0') {
                throw new IllegalArgumentException("ip argument may not contain line breaks or NUL: '" + arg + "'");
            }
        }
        if (arg.indexOf('"') >= 0 || arg.indexOf('\'') >= 0 || arg.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("ip batch argument may not contain quotes or backslashes: '" + arg + "'");
        }
        if (!arg.isEmpty() && arg.chars().allMatch(c -> c > ' ' && c != '#')) {
            return arg;
        }
        return '"' + arg + '"';
    }

    private record Result(int exit, String out, String err) {}

    private static Result exec(List<String> cmd, String stdin) {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        try {
            Process p = pb.start();
            try (OutputStream os = p.getOutputStream()) {
                if (stdin != null) {
                    os.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread errReader = new Thread(() -> copy(p.getErrorStream(), err), "ip-stderr");
            errReader.setDaemon(true);
            errReader.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            copy(p.getInputStream(), out);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new OperationFailedException("'" + String.join(" ", cmd) + "' did not finish within " + TIMEOUT_SECONDS + " s");
            }
            errReader.join(TimeUnit.SECONDS.toMillis(5));
            return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new OperationFailedException("cannot run '" + cmd.get(0) + "' (install iproute2)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationFailedException("interrupted while running '" + String.join(" ", cmd) + "'", e);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException e) {
            // the process died; its exit code tells the caller
        }
    }
}
