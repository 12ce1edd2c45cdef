package io.nfvlightvirt;

/**
 * The engine behind a backend is missing, stopped or unreachable, or no backend at all could be
 * chosen. The message says what to start or install (for example "no Docker socket at
 * /var/run/docker.sock; start dockerd or set DOCKER_HOST"). Thrown by discovery, by
 * {@code open}, and by any operation on an open backend whose engine has gone away.
 */
public class BackendUnavailableException extends LightVirtException {
    private static final long serialVersionUID = 1L;

    /** @param message why the engine cannot be used and what to do about it */
    public BackendUnavailableException(String message) {
        super(message);
    }

    /**
     * @param message why the engine cannot be used and what to do about it
     * @param cause the engine client's exception
     */
    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
