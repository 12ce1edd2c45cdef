package io.nfvlightvirt.probes.it;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a test created, undone in reverse order by {@link #close()} — also when the test
 * failed, and from a shutdown hook when the JVM is killed (a run's timeout).
 */
final class Cleanup implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Cleanup.class);

    interface Step {
        void run() throws Exception;
    }

    private record Named(String what, Step step) {}

    private final Deque<Named> steps = new ArrayDeque<>();
    private final Thread hook = new Thread(this::runAll, "nfvlv-it-cleanup");

    Cleanup() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * @param what what the step removes, for the log
     * @param step the removal
     */
    synchronized void push(String what, Step step) {
        steps.push(new Named(what, step));
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down: the hook runs
        }
        runAll();
    }

    private synchronized void runAll() {
        while (!steps.isEmpty()) {
            Named n = steps.pop();
            try {
                n.step().run();
            } catch (Exception | Error e) {
                LOG.warn("cleanup '{}' failed: {}", n.what(), e.toString());
            }
        }
    }
}
