package io.nfvlightvirt.libvirt.image;

import io.nfvlightvirt.BackendUnavailableException;
import io.nfvlightvirt.OperationFailedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs the host tools the builders need (tar, make, debootstrap, mke2fs, qemu-img...) with a
 * deadline, output appended to a log file, and the process tree ended when the caller is
 * interrupted or the deadline passes. A non-zero exit is an {@link OperationFailedException} that
 * names the command, the exit status, the log file and its last lines.
 */
final class Exec {
    private static final int TAIL_LINES = 25;
    private static final List<String> SEARCH_PATH = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");
    /** Builds under way; a JVM that is stopped (SIGTERM, System.exit) ends them rather than orphaning a make or debootstrap. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Exec::kill), "nfvlv-image-build-cleanup"));
    }

    private Exec() {}

    /**
     * @param name a program name, e.g. {@code mke2fs}
     * @return its absolute path, searched in {@code PATH} and the sbin directories (which a
     *     non-login root shell may lack)
     */
    static Optional<Path> find(String name) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(SEARCH_PATH);
        for (String d : dirs) {
            if (d.isEmpty()) {
                continue;
            }
            Path p = Path.of(d, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * @param name a program name
     * @param debianPackage the Debian package that has it
     * @return its path
     * @throws BackendUnavailableException naming the package to install when it is missing
     */
    static String require(String name, String debianPackage) {
        return find(name).map(Path::toString).orElseThrow(() -> new BackendUnavailableException(
                "'" + name + "' not found on this host; install it with: apt-get install " + debianPackage
                        + " (or run scripts/setup-host.sh)"));
    }

    /**
     * Runs a command with stdout and stderr appended to {@code log}.
     *
     * @param what what the command does, for the error message
     * @param command program and arguments
     * @param dir working directory
     * @param env environment changes; a null value removes the variable
     * @param log file the output is appended to
     * @param timeout deadline for the whole command
     * @throws OperationFailedException on a non-zero exit, a timeout or an interrupt (interrupt flag kept)
     */
    static void run(String what, List<String> command, Path dir, Map<String, String> env, Path log, Duration timeout) {
        appendHeader(log, command);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().put("LC_ALL", "C");
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        Process process = start(what, pb);
        RUNNING.add(process);
        int exit;
        try {
            exit = await(what, process, timeout);
        } finally {
            RUNNING.remove(process);
        }
        if (exit != 0) {
            throw new OperationFailedException(what + " failed (exit " + exit + ", command " + String.join(" ", command)
                    + "); full log: " + log + "; last lines:\n" + tail(log, TAIL_LINES));
        }
    }

    /**
     * Runs a short command and returns its standard output.
     *
     * @param what what the command does, for the error message
     * @param command program and arguments
     * @param timeout deadline
     * @return standard output, as UTF-8
     * @throws OperationFailedException on a non-zero exit (stderr in the message), a timeout or an interrupt
     */
    static String capture(String what, List<String> command, Duration timeout) {
        return capture(what, command, null, timeout);
    }

    /**
     * @param what what the command does, for the error message
     * @param command program and arguments
     * @param dir working directory, or null for the current one
     * @param timeout deadline
     * @return standard output, as UTF-8
     */
    static String capture(String what, List<String> command, Path dir, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        pb.environment().put("LC_ALL", "C");
        Process process = start(what, pb);
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        int exit = await(what, process, timeout);
        String stdout = new String(out.join(), StandardCharsets.UTF_8);
        String stderr = new String(err.join(), StandardCharsets.UTF_8);
        if (exit != 0) {
            throw new OperationFailedException(what + " failed (exit " + exit + ", command " + String.join(" ", command)
                    + "): " + (stderr.isBlank() ? stdout.strip() : stderr.strip()));
        }
        return stdout;
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Process start(String what, ProcessBuilder pb) {
        try {
            return pb.start();
        } catch (IOException e) {
            throw new OperationFailedException(what + ": cannot start " + pb.command().get(0), e);
        }
    }

    private static int await(String what, Process process, Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new OperationFailedException(what + " did not finish within " + timeout + "; it was stopped");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new OperationFailedException(what + " was interrupted; it was stopped");
        }
    }

    /** Ends the process and everything it started (make's compilers, debootstrap's dpkg). */
    static void kill(Process process) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static void appendHeader(Path log, List<String> command) {
        try {
            Files.writeString(log, "\n$ " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write build log " + log, e);
        }
    }

    /**
     * @param log a log file
     * @param lines how many lines
     * @return its last lines, or a note when it cannot be read
     */
    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log " + log + " unreadable: " + e.getMessage() + ")";
        }
    }
}
