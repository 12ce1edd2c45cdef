package io.nfvlightvirt.probes;

/**
 * The probe may not capture or send raw frames on a link: the process lacks root or
 * {@code CAP_NET_RAW}, or libpcap could not be loaded. The message says which, and what to do
 * (run as root, {@code setcap cap_net_raw,cap_net_admin=eip} on the java binary, or install
 * {@code libpcap0.8}).
 */
public class CaptureAccessException extends ProbeException {
    private static final long serialVersionUID = 1L;

    /** @param message what was refused and how to grant it */
    public CaptureAccessException(String message) {
        super(message);
    }

    /**
     * @param message what was refused and how to grant it
     * @param cause libpcap's or JNA's error
     */
    public CaptureAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
