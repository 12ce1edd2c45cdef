package io.nfvlightvirt.probes;

import java.time.Duration;

/**
 * Not a single frame from the guest's MAC address was seen on the link during the whole wait:
 * the guest is attached to another link, has another MAC, or its network never came up.
 */
public class GuestNotOnLinkException extends ProbeTimeoutException {
    private static final long serialVersionUID = 1L;

    /**
     * @param link the link the probe watched
     * @param target the guest's address (and port)
     * @param waited how long it watched
     * @param message the full explanation
     */
    public GuestNotOnLinkException(String link, String target, Duration waited, String message) {
        super(link, target, waited, message);
    }
}
