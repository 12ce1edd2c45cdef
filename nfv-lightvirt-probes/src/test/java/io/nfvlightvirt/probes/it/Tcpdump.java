package io.nfvlightvirt.probes.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The ground truth for boot times: a stock tcpdump on the same link, with nanosecond timestamps. */
final class Tcpdump implements AutoCloseable {
    private final Process p;
    private final List<String> lines = new ArrayList<>();
    private final StringBuilder stderr = new StringBuilder();
    private final CountDownLatch listening = new CountDownLatch(1);
    private final Thread out;
    private final Thread err;

    private Tcpdump(Process p) {
        this.p = p;
        this.out = new Thread(() -> pump(new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8)), true), "tcpdump-out");
        this.err = new Thread(() -> pump(new BufferedReader(new InputStreamReader(p.getErrorStream(),
                StandardCharsets.UTF_8)), false), "tcpdump-err");
        out.start();
        err.start();
    }

    /**
     * Starts tcpdump and waits until it listens.
     *
     * @param link the interface
     * @param filter a BPF expression
     * @return the running capture
     */
    static Tcpdump start(String link, String filter) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("tcpdump", "-i", link, "-n", "-l", "-tt", "--time-stamp-precision=nano",
                "--immediate-mode", "-p", filter).start();
        Tcpdump t = new Tcpdump(p);
        if (!t.listening.await(15, TimeUnit.SECONDS)) {
            t.close();
            throw new IllegalStateException("tcpdump on " + link + " did not start listening within 15 s: " + t.stderr);
        }
        return t;
    }

    private void pump(BufferedReader r, boolean stdout) {
        try (r) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (this) {
                    if (stdout) {
                        lines.add(line);
                    } else {
                        stderr.append(line).append('\n');
                        if (line.contains("listening on")) {
                            listening.countDown();
                        }
                    }
                }
            }
        } catch (IOException e) {
            // process ended
        }
    }

    /** @return the lines captured so far */
    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /**
     * Finds the first segment from {@code guest} to {@code hostPort} in what tcpdump printed, e.g.
     * {@code 1764021234.123456789 IP 10.217.5.10.80 > 10.217.5.1.41234: Flags [R.], ...}.
     *
     * @param guest guest address and port as {@code a.b.c.d:port}
     * @param host host address and port as {@code a.b.c.d:port}
     * @return its capture time, when tcpdump saw it
     */
    Optional<Instant> firstSegment(String guest, String host) {
        String from = guest.replace(':', '.');
        String to = host.replace(':', '.') + ":";
        for (String l : lines()) {
            String[] f = l.split(" ");
            if (f.length > 5 && f[1].equals("IP") && f[2].equals(from) && f[4].equals(to)) {
                BigDecimal ts = new BigDecimal(f[0]);
                long sec = ts.longValue();
                int nanos = ts.subtract(BigDecimal.valueOf(sec)).movePointRight(9).intValue();
                return Optional.of(Instant.ofEpochSecond(sec, nanos));
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() throws InterruptedException {
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
        out.join(5000);
        err.join(5000);
    }
}
