package io.nfvlightvirt.libvirt.image;

import org.slf4j.Logger;

/** Receives progress of a long image build (a kernel compile takes minutes), so a user sees it move. */
@FunctionalInterface
public interface BuildProgress {
    /**
     * @param step what is being done now, e.g. "compiling kernel: 412/1630 objects"
     */
    void step(String step);

    /**
     * @param log a logger
     * @return progress written to that logger at INFO
     */
    static BuildProgress to(Logger log) {
        return step -> log.info("{}", step);
    }

    /** @return progress that is dropped */
    static BuildProgress none() {
        return step -> { };
    }
}
