/**
 * Instantiation time as the draft defines it: from the moment {@code create} is called until the
 * guest answers a TCP SYN (with RST on a closed port, SYN-ACK on an open one). Start a
 * {@link io.nfvlightvirt.probes.boot.BootWatch} from a
 * {@link io.nfvlightvirt.probes.boot.BootDetector} as {@code create} is called, boot the guest,
 * and {@link io.nfvlightvirt.probes.boot.BootWatch#awaitFirstAnswer()} gives the capture time of
 * the first answer. A RST proves the guest's network stack is up, not that an application is.
 */
package io.nfvlightvirt.probes.boot;
