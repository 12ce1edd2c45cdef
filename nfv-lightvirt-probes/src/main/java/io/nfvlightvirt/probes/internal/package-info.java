/**
 * Not for users: what the probes share — address parsing, the host-side link's facts, a small
 * Ethernet/IPv4/TCP/ICMP/ARP codec and the libpcap channel (separate send and capture handles).
 * No type here is part of the library's API; it may change without notice.
 */
package io.nfvlightvirt.probes.internal;
