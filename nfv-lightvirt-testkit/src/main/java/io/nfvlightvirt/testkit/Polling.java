package io.nfvlightvirt.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting in tests without bare sleeps: poll a condition until a deadline, and say what was awaited when it passes. */
public final class Polling {
    private Polling() {}

    /**
     * Polls every 50 ms until the condition holds.
     *
     * @param what what is awaited, for the failure message
     * @param timeout how long to wait
     * @param condition the condition
     * @throws AssertionError naming {@code what} when the deadline passes or the thread is interrupted
     */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
