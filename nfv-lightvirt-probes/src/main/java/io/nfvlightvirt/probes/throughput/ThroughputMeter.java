package io.nfvlightvirt.probes.throughput;

import io.nfvlightvirt.InvalidSpecException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Measures TCP throughput to or from a guest. With {@link ThroughputMethod#IPERF3} (the default)
 * it is a pure-Java client of the iperf3 control protocol and a stock {@code iperf3 -s} (3.x) in
 * the guest is the peer; with {@link ThroughputMethod#PLAIN_TCP} it sends to a discard service
 * (Tx) or reads from a chargen service (Rx). Plain sockets: no root needed. A meter is an
 * immutable configuration; {@link #measure()} runs one test on the calling thread.
 *
 * <pre>{@code
 * ThroughputResult tx = ThroughputMeter.builder().target("10.217.1.2")
 *         .duration(Duration.ofSeconds(10)).parallel(1).direction(Direction.TX).build().measure();
 * tx.gbps();
 * }</pre>
 */
public final class ThroughputMeter {
    /** Port of the discard service (RFC 863), the plain-TCP Tx peer. */
    public static final int DISCARD_PORT = 9;
    /** Port of the chargen service (RFC 864), the plain-TCP Rx peer. */
    public static final int CHARGEN_PORT = 19;
    private static final Pattern DOTTED = Pattern.compile("(\\d{1,3}\\.){3}\\d{1,3}");
    private static final Duration RETRY_PAUSE = Duration.ofMillis(200);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ThroughputMeter.class);

    private final Inet4Address target;
    private final Integer port;
    private final ThroughputMethod method;
    private final Direction direction;
    private final Duration duration;
    private final int parallel;
    private final Duration reportInterval;
    private final int blockSize;
    private final Duration connectTimeout;
    private final Duration stallTimeout;
    private final Duration retryWhileBusy;

    private ThroughputMeter(Builder b) {
        this.target = b.target;
        this.port = b.port;
        this.method = b.method;
        this.direction = b.direction;
        this.duration = b.duration;
        this.parallel = b.parallel;
        this.reportInterval = b.reportInterval;
        this.blockSize = b.blockSize;
        this.connectTimeout = b.connectTimeout;
        this.stallTimeout = b.stallTimeout;
        this.retryWhileBusy = b.retryWhileBusy;
    }

    /** @return a builder; {@code target} is required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs one test on the calling thread.
     *
     * @return the figures
     * @throws PeerRefusedException when nothing listens on the port
     * @throws PeerUnreachableException when the peer does not answer the connection
     * @throws PeerBusyException when the iperf3 server runs another test
     * @throws PeerLostException when the peer goes away during the test
     * @throws ThroughputException on a protocol error or an error the server reports
     */
    public ThroughputResult measure() {
        InetSocketAddress peer = new InetSocketAddress(target, port());
        long deadline = System.nanoTime() + retryWhileBusy.toNanos();
        while (true) {
            try {
                return method == ThroughputMethod.IPERF3 ? new Iperf3Session(peer, this).run()
                        : new PlainTcpSession(peer, this).run();
            } catch (PeerBusyException | PeerRefusedException | NotStartedException e) {
                if (System.nanoTime() + RETRY_PAUSE.toNanos() - deadline > 0) {
                    throw e;
                }
                LOG.debug("{}; trying again in {} ms", e.getMessage(), RETRY_PAUSE.toMillis());
                try {
                    Thread.sleep(RETRY_PAUSE.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** @return how long a busy, refusing or restarting server is retried (zero: not at all) */
    public Duration retryWhileBusy() {
        return retryWhileBusy;
    }

    /** @return the peer's address */
    public Inet4Address target() {
        return target;
    }

    /** @return the peer's port: as given, else 5201 for iperf3, 9 (Tx) or 19 (Rx) for plain TCP */
    public int port() {
        if (port != null) {
            return port;
        }
        if (method == ThroughputMethod.IPERF3) {
            return Iperf3Protocol.DEFAULT_PORT;
        }
        return direction == Direction.TX ? DISCARD_PORT : CHARGEN_PORT;
    }

    /** @return how the figure is produced */
    public ThroughputMethod method() {
        return method;
    }

    /** @return which way the data flows */
    public Direction direction() {
        return direction;
    }

    /** @return how long data flows */
    public Duration duration() {
        return duration;
    }

    /** @return parallel TCP streams */
    public int parallel() {
        return parallel;
    }

    /** @return the per-interval reporting period */
    public Duration reportInterval() {
        return reportInterval;
    }

    /** @return bytes per write (and iperf3's {@code len}) */
    public int blockSize() {
        return blockSize;
    }

    /** @return how long a connection attempt may take */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** @return how long no byte may move before the peer counts as lost */
    public Duration stallTimeout() {
        return stallTimeout;
    }

    /** Builds a {@link ThroughputMeter}; every setter validates its value at once. */
    public static final class Builder {
        private Inet4Address target;
        private Integer port;
        private ThroughputMethod method = ThroughputMethod.IPERF3;
        private Direction direction = Direction.TX;
        private Duration duration = Duration.ofSeconds(10);
        private int parallel = 1;
        private Duration reportInterval = Duration.ofSeconds(1);
        private int blockSize = Iperf3Protocol.DEFAULT_BLOCK_SIZE;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration stallTimeout = Duration.ofSeconds(10);
        private Duration retryWhileBusy = Duration.ZERO;

        private Builder() {}

        /**
         * @param ipv4 the peer's IPv4 address (the guest's; loopback is accepted for local tests)
         * @return this
         */
        public Builder target(String ipv4) {
            if (ipv4 == null || !DOTTED.matcher(ipv4).matches()) {
                throw new InvalidSpecException("target", ipv4, "must be a dotted-quad IPv4 address such as 10.217.1.2");
            }
            try {
                InetAddress a = InetAddress.getByName(ipv4);
                if (!(a instanceof Inet4Address v4) || a.isAnyLocalAddress() || a.isMulticastAddress()) {
                    throw new InvalidSpecException("target", ipv4, "must be a unicast IPv4 address");
                }
                this.target = v4;
            } catch (UnknownHostException e) {
                throw new InvalidSpecException("target", ipv4, "each part must be 0..255", e);
            }
            return this;
        }

        /**
         * @param tcpPort the peer's port; default 5201 (iperf3), 9 (plain Tx) or 19 (plain Rx)
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
         * Speak iperf3's control protocol to a stock {@code iperf3 -s} (the default).
         *
         * @return this
         */
        public Builder iperf3() {
            this.method = ThroughputMethod.IPERF3;
            return this;
        }

        /**
         * Plain TCP: write to a discard service (Tx) or read from a chargen service (Rx).
         *
         * @return this
         */
        public Builder plainTcp() {
            this.method = ThroughputMethod.PLAIN_TCP;
            return this;
        }

        /**
         * @param d {@link Direction#TX} host to guest (default), {@link Direction#RX} guest to host
         * @return this
         */
        public Builder direction(Direction d) {
            this.direction = Objects.requireNonNull(d, "direction");
            return this;
        }

        /**
         * @param d how long data flows (default 10 s); whole seconds from 1 s to 1 h, as iperf3's {@code -t}
         * @return this
         */
        public Builder duration(Duration d) {
            Objects.requireNonNull(d, "duration");
            if (d.getNano() != 0 || d.getSeconds() < 1 || d.getSeconds() > 3600) {
                throw new InvalidSpecException("duration", d, "must be whole seconds between 1 s and 3600 s"
                        + " (iperf3 sends the time as an integer)");
            }
            this.duration = d;
            return this;
        }

        /**
         * @param streams parallel TCP streams (default 1), 1 to 128 as iperf3's {@code -P}
         * @return this
         */
        public Builder parallel(int streams) {
            if (streams < 1 || streams > 128) {
                throw new InvalidSpecException("parallel", streams, "must be between 1 and 128");
            }
            this.parallel = streams;
            return this;
        }

        /**
         * @param every the per-interval reporting period (default 1 s), at least 100 ms
         * @return this
         */
        public Builder reportInterval(Duration every) {
            Objects.requireNonNull(every, "reportInterval");
            if (every.compareTo(Duration.ofMillis(100)) < 0 || every.compareTo(Duration.ofSeconds(60)) > 0) {
                throw new InvalidSpecException("reportInterval", every, "must be between 100 ms and 60 s");
            }
            this.reportInterval = every;
            return this;
        }

        /**
         * @param bytes bytes per write (default 128 KiB, iperf3's TCP default), 1 KiB to 16 MiB
         * @return this
         */
        public Builder blockSize(int bytes) {
            if (bytes < 1024 || bytes > 16 << 20) {
                throw new InvalidSpecException("blockSize", bytes, "must be between 1024 and 16777216 bytes");
            }
            this.blockSize = bytes;
            return this;
        }

        /**
         * @param wait how long a connection attempt may take (default 5 s)
         * @return this
         */
        public Builder connectTimeout(Duration wait) {
            Objects.requireNonNull(wait, "connectTimeout");
            if (wait.compareTo(Duration.ofMillis(10)) < 0 || wait.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new InvalidSpecException("connectTimeout", wait, "must be between 10 ms and 5 min");
            }
            this.connectTimeout = wait;
            return this;
        }

        /**
         * @param wait how long no byte may move before the peer counts as lost (default 10 s)
         * @return this
         */
        public Builder stallTimeout(Duration wait) {
            Objects.requireNonNull(wait, "stallTimeout");
            if (wait.compareTo(Duration.ofMillis(100)) < 0 || wait.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new InvalidSpecException("stallTimeout", wait, "must be between 100 ms and 10 min");
            }
            this.stallTimeout = wait;
            return this;
        }

        /**
         * Retries, for at most {@code wait}, a test the peer would not start: an iperf3 server busy
         * with another test (ACCESS_DENIED), a refused connection, or a control connection closed
         * before the test began. A stock iperf3 3.12 server re-creates its listener after each test,
         * so a test started right after another one can meet all three. Default zero: no retry, the
         * specific error at once.
         *
         * @param wait the longest time to keep trying, at most 10 min
         * @return this
         */
        public Builder retryWhileBusy(Duration wait) {
            Objects.requireNonNull(wait, "retryWhileBusy");
            if (wait.isNegative() || wait.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new InvalidSpecException("retryWhileBusy", wait, "must be between 0 and 10 min");
            }
            this.retryWhileBusy = wait;
            return this;
        }

        /**
         * @return the meter
         * @throws InvalidSpecException when {@code target} is missing
         */
        public ThroughputMeter build() {
            if (target == null) {
                throw new InvalidSpecException("target", null, "is required: the guest's IPv4 address");
            }
            return new ThroughputMeter(this);
        }
    }
}
