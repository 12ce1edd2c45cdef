package io.nfvlightvirt;

/**
 * A backend was asked for something it cannot do (a guest kind, pause, a limit). The message
 * names the backend and the capability; check {@link Capabilities} first to avoid it.
 */
public class UnsupportedCapabilityException extends LightVirtException {
    private static final long serialVersionUID = 1L;

    private final String backendId;
    private final String capability;

    /**
     * @param backendId the backend that was asked, e.g. {@code "docker"}
     * @param capability what it lacks, e.g. {@code "guest kind TINYX"}
     */
    public UnsupportedCapabilityException(String backendId, String capability) {
        super("backend '" + backendId + "' does not support " + capability);
        this.backendId = backendId;
        this.capability = capability;
    }

    /** @return the backend that was asked */
    public String backendId() {
        return backendId;
    }

    /** @return the capability it lacks */
    public String capability() {
        return capability;
    }
}
