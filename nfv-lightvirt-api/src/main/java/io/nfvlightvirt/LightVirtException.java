package io.nfvlightvirt;

/**
 * Root of every error nfv-lightvirt throws. It is unchecked: an orchestrator catches the subtype it
 * can act on ({@link BackendUnavailableException}, {@link InvalidSpecException},
 * {@link NotFoundException}, {@link UnsupportedCapabilityException},
 * {@link OperationFailedException}) and lets the rest propagate. An engine's own exception is kept
 * as the {@linkplain #getCause() cause}, and its message is part of this one.
 */
public class LightVirtException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, naming the object and the value involved
     */
    public LightVirtException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, naming the object and the value involved
     * @param cause the engine's exception, kept for diagnosis
     */
    public LightVirtException(String message, Throwable cause) {
        super(message, cause);
    }
}
