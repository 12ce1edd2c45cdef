package io.nfvlightvirt.docker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The engine as seen by Debian's own Docker CLI ({@code /usr/bin/docker}, API 1.41), so tests check
 * what the library did without asking the library.
 */
final class DockerCli {
    static final String DOCKER = "/usr/bin/docker";

    private DockerCli() {}

    /** What a command printed and how it ended. */
    record Result(int exit, String stdout, String stderr) {
        List<String> lines() {
            return stdout.isBlank() ? List.of() : Arrays.stream(stdout.split("\n")).map(String::trim)
                    .filter(s -> !s.isEmpty()).toList();
        }
    }

    /**
     * @param args arguments after {@code docker}
     * @return the result, whatever the exit code
     */
    static Result run(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(DOCKER);
        cmd.addAll(Arrays.asList(args));
        return exec(cmd, null);
    }

    /**
     * @param command any command
     * @param stdin bytes for its standard input, or null
     * @return the result
     */
    static Result exec(List<String> command, byte[] stdin) {
        try {
            Process p = new ProcessBuilder(command).start();
            if (stdin != null) {
                p.getOutputStream().write(stdin);
            }
            p.getOutputStream().close();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread errReader = new Thread(() -> {
                try (InputStream in = p.getErrorStream()) {
                    in.transferTo(err);
                } catch (IOException e) {
                    // ignored: the process ended
                }
            });
            errReader.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InputStream in = p.getInputStream()) {
                in.transferTo(out);
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            errReader.join(5000);
            return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("running " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        }
    }

    /**
     * @param args arguments after {@code docker}
     * @return stdout lines; fails the test when the command fails
     */
    static List<String> ok(String... args) {
        Result r = run(args);
        if (r.exit() != 0) {
            throw new AssertionError("docker " + String.join(" ", args) + " exited " + r.exit() + ": " + r.stderr());
        }
        return r.lines();
    }

    /** @return ids of all containers (any state) carrying the label, e.g. {@code io.nfvlightvirt.owner=x} */
    static List<String> containers(String label) {
        return ok("ps", "-a", "-q", "--no-trunc", "--filter", "label=" + label);
    }

    /** @return names of networks carrying the label */
    static List<String> networks(String label) {
        return ok("network", "ls", "-q", "--filter", "label=" + label, "--format", "{{.Name}}");
    }

    /** @return ids of images carrying the label */
    static List<String> images(String label) {
        return ok("images", "-q", "--no-trunc", "--filter", "label=" + label);
    }

    /**
     * @param format a Go template
     * @param object a container, image or network id
     * @return the single line {@code docker inspect -f} prints
     */
    static String inspect(String format, String object) {
        List<String> lines = ok("inspect", "-f", format, object);
        return lines.isEmpty() ? "" : lines.get(0);
    }
}
