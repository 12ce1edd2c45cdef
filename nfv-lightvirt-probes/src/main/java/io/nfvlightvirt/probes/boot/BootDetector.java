package io.nfvlightvirt.probes.boot;

import io.nfvlightvirt.InvalidSpecException;
import io.nfvlightvirt.probes.internal.Addresses;
import java.net.Inet4Address;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Detects when a guest's network stack comes up by flooding it with TCP SYNs on its host-side link
 * and timing the first answer from the capture timestamp, as the draft measures instantiation time.
 * A detector is an immutable configuration; each {@link #start()} opens a {@link BootWatch} (two
 * libpcap handles and two threads) that must be closed.
 *
 * <pre>{@code
 * BootDetector detector = BootDetector.builder()
 *         .link("nfvlvbr0").target("10.217.1.2", "02:42:0a:d9:01:02")
 *         .port(80).interval(Duration.ofMillis(10)).timeout(Duration.ofSeconds(60))
 *         .build();
 * Instant createCalled = Instant.now();
 * String id = backend.create(spec);                  // the guest's address is fixed by now
 * try (BootWatch watch = detector.start(createCalled)) {
 *     watch.record(Phase.CREATED, createReturned);
 *     backend.start(id);
 *     watch.record(Phase.STARTED);
 *     BootResult r = watch.awaitFirstAnswer();       // r.instantiationTime()
 * }
 * }</pre>
 *
 * <p>The SYNs come from an address on the link (by default the link's own address in the guest's
 * subnet) and the link's MAC, to the guest's real MAC. When the source is not one of the host's
 * addresses the watch answers the guest's ARP requests for it itself. The host kernel answers a
 * SYN-ACK with its own RST, which is harmless. Needs root or {@code CAP_NET_RAW}.
 */
public final class BootDetector {
    /** SYN interval when none is given: 10 ms, as in the draft's set-up. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(10);
    /** How long a watch waits when no timeout is given. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** Destination port when none is given. */
    public static final int DEFAULT_PORT = 80;
    static final Duration MIN_INTERVAL = Duration.ofNanos(100_000);
    static final Duration MAX_INTERVAL = Duration.ofSeconds(10);

    private final String link;
    private final Inet4Address target;
    private final byte[] targetMac;
    private final int port;
    private final Duration interval;
    private final Duration timeout;
    private final Inet4Address source;

    private BootDetector(Builder b) {
        this.link = b.link;
        this.target = b.target;
        this.targetMac = b.targetMac;
        this.port = b.port;
        this.interval = b.interval;
        this.timeout = b.timeout;
        this.source = b.source;
    }

    /** @return a builder; {@code link} and {@code target} are required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts watching now and counts the boot from now: call it as {@code create} is called. Opening
     * the capture takes a few to tens of milliseconds, which then count in the boot; see
     * {@link #prepare()} to open it beforehand.
     *
     * @return the running watch; close it
     * @throws io.nfvlightvirt.probes.CaptureAccessException without root/CAP_NET_RAW or libpcap
     * @throws io.nfvlightvirt.probes.UnknownLinkException when the link does not exist or is down
     */
    public BootWatch start() {
        return start(null);
    }

    /**
     * Starts watching now and counts the boot from an earlier instant: when {@code create} was
     * called, for engines where the guest's address is only known once {@code create} returned.
     *
     * @param createCalled when {@code create} was called; null for now
     * @return the running watch; close it
     * @throws InvalidSpecException when {@code createCalled} is in the future
     * @throws io.nfvlightvirt.probes.CaptureAccessException without root/CAP_NET_RAW or libpcap
     * @throws io.nfvlightvirt.probes.UnknownLinkException when the link does not exist or is down
     */
    public BootWatch start(Instant createCalled) {
        Instant entered = Instant.now();
        if (createCalled != null && createCalled.isAfter(entered)) {
            throw new InvalidSpecException("createCalled", createCalled, "must not be later than now (" + entered + ")");
        }
        BootWatch w = BootWatch.prepare(this);
        try {
            return w.begin(createCalled == null ? entered : createCalled);
        } catch (RuntimeException e) {
            w.close();
            throw e;
        }
    }

    /**
     * Opens the capture (two pcap handles: tens of milliseconds, most of it the kernel's) without
     * sending yet; {@link BootWatch#begin(Instant)} then starts the SYNs at once. Use it when the
     * guest's address and link are known before {@code create} is called, so that opening the
     * capture is not part of the measured boot.
     *
     * @return a watch that has not begun; close it
     * @throws io.nfvlightvirt.probes.CaptureAccessException without root/CAP_NET_RAW or libpcap
     * @throws io.nfvlightvirt.probes.UnknownLinkException when the link does not exist or is down
     */
    public BootWatch prepare() {
        return BootWatch.prepare(this);
    }

    /** @return the link the SYNs are sent and captured on */
    public String link() {
        return link;
    }

    /** @return the guest's IPv4 address */
    public Inet4Address target() {
        return target;
    }

    /** @return the guest's MAC, as {@code aa:bb:cc:dd:ee:ff} */
    public String targetMac() {
        return Addresses.formatMac(targetMac);
    }

    byte[] targetMacBytes() {
        return targetMac.clone();
    }

    /** @return the guest's TCP port the SYNs go to */
    public int port() {
        return port;
    }

    /** @return the time between two SYNs */
    public Duration interval() {
        return interval;
    }

    /** @return how long a watch waits for the first answer, counted from its start */
    public Duration timeout() {
        return timeout;
    }

    /** @return the SYNs' source address when one was given, else empty (the link's own address) */
    public Optional<Inet4Address> source() {
        return Optional.ofNullable(source);
    }

    @Override
    public String toString() {
        return "BootDetector[link=" + link + ", target=" + target.getHostAddress() + ":" + port + " "
                + targetMac() + ", interval=" + interval + ", timeout=" + timeout + "]";
    }

    /** Builds a {@link BootDetector}; every setter validates its value at once. */
    public static final class Builder {
        private String link;
        private Inet4Address target;
        private byte[] targetMac;
        private int port = DEFAULT_PORT;
        private Duration interval = DEFAULT_INTERVAL;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Inet4Address source;

        private Builder() {}

        /**
         * @param name the host-side link the guest is attached to (bridge, tap or veth; not {@code lo})
         * @return this
         */
        public Builder link(String name) {
            this.link = Addresses.linkName("link", name);
            return this;
        }

        /**
         * @param ipv4 the guest's address
         * @param mac the guest's real MAC (frames are sent to it directly, without ARP)
         * @return this
         */
        public Builder target(String ipv4, String mac) {
            this.target = Addresses.ipv4("target.ipv4", ipv4);
            this.targetMac = Addresses.mac("target.mac", mac);
            return this;
        }

        /**
         * @param tcpPort the guest's port: a closed port gives RST, an open one SYN-ACK (default 80)
         * @return this
         */
        public Builder port(int tcpPort) {
            if (tcpPort < 1 || tcpPort > 65535) {
                throw new InvalidSpecException("port", tcpPort, "must be between 1 and 65535");
            }
            this.port = tcpPort;
            return this;
        }

        /**
         * @param every time between two SYNs (default 10 ms); it bounds the resolution of the figure
         * @return this
         */
        public Builder interval(Duration every) {
            Objects.requireNonNull(every, "interval");
            if (every.compareTo(MIN_INTERVAL) < 0 || every.compareTo(MAX_INTERVAL) > 0) {
                throw new InvalidSpecException("interval", every, "must be between 100 µs and 10 s");
            }
            this.interval = every;
            return this;
        }

        /**
         * @param wait how long a watch waits for the first answer, from its start (default 60 s)
         * @return this
         */
        public Builder timeout(Duration wait) {
            Objects.requireNonNull(wait, "timeout");
            if (wait.compareTo(Duration.ofMillis(10)) < 0 || wait.compareTo(Duration.ofHours(1)) > 0) {
                throw new InvalidSpecException("timeout", wait, "must be between 10 ms and 1 h");
            }
            this.timeout = wait;
            return this;
        }

        /**
         * @param ipv4 the SYNs' source address; by default the link's own address in the guest's
         *     subnet. Another address works too: the watch then answers the guest's ARP for it.
         * @return this
         */
        public Builder source(String ipv4) {
            this.source = Addresses.ipv4("source", ipv4);
            return this;
        }

        /**
         * @return the detector
         * @throws InvalidSpecException when {@code link} or {@code target} is missing
         */
        public BootDetector build() {
            if (link == null) {
                throw new InvalidSpecException("link", null, "is required: the guest's host-side bridge, tap or veth");
            }
            if (target == null) {
                throw new InvalidSpecException("target", null, "is required: the guest's IPv4 address and MAC");
            }
            io.nfvlightvirt.probes.internal.LinkChannel.preload();
            return new BootDetector(this);
        }
    }
}
