package io.nfvlightvirt.probes.boot;

/** How the guest answered the SYN that ended a boot watch. */
public enum AnswerKind {
    /** A reset: the port is closed, the guest's TCP/IP stack is up. */
    RST,
    /** A SYN-ACK: something listens on the port. */
    SYN_ACK
}
