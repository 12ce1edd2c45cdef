package io.nfvlightvirt.libvirt.image;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reports a long step's progress every few seconds while it runs (a kernel compile, a debootstrap). */
final class Ticker implements AutoCloseable {
    static final Duration DEFAULT_PERIOD = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(Ticker.class);

    private final ScheduledExecutorService timer;

    private Ticker(BuildProgress progress, Duration period, Function<Duration, String> status) {
        Instant start = Instant.now();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nfvlv-image-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> {
            try {
                progress.step(status.apply(Duration.between(start, Instant.now())));
            } catch (RuntimeException e) {
                LOG.debug("progress report failed", e);
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * @param progress where the reports go
     * @param status the report for the time elapsed so far
     * @return a running ticker; close it when the step ends
     */
    static Ticker start(BuildProgress progress, Function<Duration, String> status) {
        return new Ticker(progress, DEFAULT_PERIOD, status);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** @return e.g. {@code 4m07s} */
    static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 60 ? (s / 60) + "m" + String.format("%02d", s % 60) + "s" : s + "s";
    }
}
