package io.nfvlightvirt.probes.rtt;

/** How the RTT meter paces its echo requests. */
public enum RttMode {
    /** Like {@code ping -f}: the next request as soon as the reply came, or after 10 ms without one. */
    FLOOD,
    /** Like {@code ping -i}: one request per fixed interval, whatever the replies do. */
    INTERVAL
}
