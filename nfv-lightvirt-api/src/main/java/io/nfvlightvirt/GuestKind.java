package io.nfvlightvirt;

/**
 * The four kinds of guest the draft compares (section 2). A backend says which it runs through
 * {@link Capabilities#supports(GuestKind)}.
 */
public enum GuestKind {
    /** A general-purpose OS (Debian) booted from a disk image, as a cloud VM would be. */
    STANDARD_VM,
    /** A minimal Linux VM: a tailored kernel plus a small initramfs (the draft's "Tinyx"). */
    TINYX,
    /** A single-application, single-address-space VM such as a Unikraft or MiniOS image. */
    UNIKERNEL,
    /** An OS-level container sharing the host kernel. */
    CONTAINER
}
