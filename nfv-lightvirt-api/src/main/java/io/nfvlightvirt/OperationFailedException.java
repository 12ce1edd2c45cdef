package io.nfvlightvirt;

/**
 * The engine refused or failed an operation that was valid on our side (a guest that did not
 * start, an image that did not build, a container the engine could not remove). The engine's
 * exception is the cause and its message is part of this one.
 */
public class OperationFailedException extends LightVirtException {
    private static final long serialVersionUID = 1L;

    /** @param message which operation failed on which object */
    public OperationFailedException(String message) {
        super(message);
    }

    /**
     * @param message which operation failed on which object; the cause's message is appended
     * @param cause the engine's exception
     */
    public OperationFailedException(String message, Throwable cause) {
        super(cause == null || cause.getMessage() == null ? message : message + ": " + cause.getMessage(), cause);
    }
}
