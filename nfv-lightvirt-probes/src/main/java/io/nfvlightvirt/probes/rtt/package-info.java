/**
 * Round-trip time under an ICMP ping flood, as the draft measures it with {@code ping -f}: an echo
 * request goes out as soon as the previous reply came back (or after 10 ms), and the result has
 * the count, min/avg/max/mdev and loss, the figures {@code ping} prints. Requests are injected and
 * replies captured on the guest's host-side link with libpcap; a round trip runs from the kernel's
 * capture timestamp of the request on the link to that of the reply, so the meter's own Java and
 * syscall overhead is not part of the figure. See {@link io.nfvlightvirt.probes.rtt.RttMeter}.
 */
package io.nfvlightvirt.probes.rtt;
