package io.nfvlightvirt.probes.internal;

import io.nfvlightvirt.probes.ProbeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a host command (ip, tcpdump, ...) with a deadline; output is collected, never inherited. */
public final class Command {
    private Command() {}

    /**
     * The outcome of a finished command.
     *
     * @param exitCode its exit status
     * @param stdout what it wrote to standard output
     * @param stderr what it wrote to standard error
     */
    public record Result(int exitCode, String stdout, String stderr) {}

    /**
     * Runs a command and fails unless it exits 0.
     *
     * @param timeout the longest it may run
     * @param argv the command and its arguments
     * @return standard output
     * @throws ProbeException when it cannot start, times out (it is then killed) or exits non-zero
     */
    public static String run(Duration timeout, String... argv) {
        Result r = exec(timeout, argv);
        if (r.exitCode() != 0) {
            throw new ProbeException("'" + String.join(" ", argv) + "' exited with " + r.exitCode() + ": "
                    + r.stderr().strip());
        }
        return r.stdout();
    }

    /**
     * Runs a command and returns its outcome whatever the exit status.
     *
     * @param timeout the longest it may run
     * @param argv the command and its arguments
     * @return exit code and output
     * @throws ProbeException when it cannot start or times out (it is then killed)
     */
    public static Result exec(Duration timeout, String... argv) {
        Process p;
        try {
            p = new ProcessBuilder(List.of(argv)).start();
            p.getOutputStream().close();
        } catch (IOException e) {
            throw new ProbeException("cannot run '" + argv[0] + "' (is it installed?)", e);
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                throw new ProbeException("'" + String.join(" ", argv) + "' did not finish within " + timeout);
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ProbeException("interrupted while running '" + String.join(" ", argv) + "'");
        }
    }

    private static String drain(InputStream in) {
        try (in) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
