package io.nfvlightvirt.probes.bench;

/** Receives the runner's progress: which backend, which guest, which step, how many left. */
@FunctionalInterface
public interface BenchmarkProgress {
    /**
     * @param backend backend id
     * @param guest guest kind name
     * @param step what is being done, e.g. "instantiation 3/10"
     * @param done steps finished in the whole run
     * @param total steps in the whole run
     */
    void step(String backend, String guest, String step, int done, int total);
}
