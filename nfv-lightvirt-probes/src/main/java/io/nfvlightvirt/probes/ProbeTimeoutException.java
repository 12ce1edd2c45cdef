package io.nfvlightvirt.probes;

import java.time.Duration;

/**
 * The guest did not answer within the probe's wait. The message names the link, the guest's
 * address and port, how long the probe waited and what it sent. {@link GuestNotOnLinkException}
 * is the case where nothing at all came from the guest's MAC on the link.
 */
public class ProbeTimeoutException extends ProbeException {
    private static final long serialVersionUID = 1L;

    private final String link;
    private final String target;
    private final Duration waited;

    /**
     * @param link the link the probe used
     * @param target the guest's address (and port, when there is one)
     * @param waited how long the probe waited
     * @param message the full explanation
     */
    public ProbeTimeoutException(String link, String target, Duration waited, String message) {
        super(message);
        this.link = link;
        this.target = target;
        this.waited = waited;
    }

    /** @return the link the probe used */
    public String link() {
        return link;
    }

    /** @return the guest's address, with the port when the probe used one */
    public String target() {
        return target;
    }

    /** @return how long the probe waited */
    public Duration waited() {
        return waited;
    }
}
