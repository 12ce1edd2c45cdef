package io.nfvlightvirt;

/**
 * No instance (or image) with the given id is owned by this backend: it never existed, was
 * destroyed, or belongs to someone else. Destroying something that is already gone does not throw
 * this; it is a no-op.
 */
public class NotFoundException extends LightVirtException {
    private static final long serialVersionUID = 1L;

    /** @param message which id was looked for, and on which backend */
    public NotFoundException(String message) {
        super(message);
    }
}
