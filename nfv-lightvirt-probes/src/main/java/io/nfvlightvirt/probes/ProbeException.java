package io.nfvlightvirt.probes;

import io.nfvlightvirt.LightVirtException;

/**
 * Root of the errors the probes throw: a measurement that could not be taken. Subtypes say what
 * the caller can act on: no right to capture ({@link CaptureAccessException}), a link that does not
 * exist ({@link UnknownLinkException}), a guest that never answered ({@link ProbeTimeoutException},
 * {@link GuestNotOnLinkException}), and the throughput meter's peer errors in
 * {@code io.nfvlightvirt.probes.throughput}.
 */
public class ProbeException extends LightVirtException {
    private static final long serialVersionUID = 1L;

    /** @param message what could not be measured, naming link, address and the value involved */
    public ProbeException(String message) {
        super(message);
    }

    /**
     * @param message what could not be measured; the cause's message is appended
     * @param cause the library's or the operating system's exception
     */
    public ProbeException(String message, Throwable cause) {
        super(cause == null || cause.getMessage() == null ? message : message + ": " + cause.getMessage(), cause);
    }
}
