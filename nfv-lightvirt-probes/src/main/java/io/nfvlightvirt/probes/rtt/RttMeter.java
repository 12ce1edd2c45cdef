package io.nfvlightvirt.probes.rtt;

import io.nfvlightvirt.InvalidSpecException;
import io.nfvlightvirt.probes.GuestNotOnLinkException;
import io.nfvlightvirt.probes.ProbeException;
import io.nfvlightvirt.probes.internal.Addresses;
import io.nfvlightvirt.probes.internal.Frames;
import io.nfvlightvirt.probes.internal.Link;
import io.nfvlightvirt.probes.internal.LinkChannel;
import java.net.Inet4Address;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures round-trip time to a guest with ICMP echo, in flood mode like {@code ping -f} or at a
 * fixed interval, on the guest's host-side link. Requests go from the link's address and MAC to the
 * guest's MAC through a send-only packet socket, the clock read right before the syscall; a libpcap
 * capture gives the kernel's timestamp of the reply (and of the request crossing the link, for
 * {@link RttResult#wireRtt()}). In flood mode the capture thread sends the next request the moment
 * it sees a reply, as {@code ping -f} does. Needs root or {@code CAP_NET_RAW}. A meter is an immutable configuration;
 * each {@link #measure()} is one run on the calling thread.
 *
 * <pre>{@code
 * RttResult r = RttMeter.builder().link("nfvlvbr0").target("10.217.1.2", "02:42:0a:d9:01:02")
 *         .count(1000).flood().build().measure();
 * r.rtt().avg(); r.loss();
 * }</pre>
 */
public final class RttMeter {
    private static final Logger LOG = LoggerFactory.getLogger(RttMeter.class);
    /** Requests per run when no count is given. */
    public static final int DEFAULT_COUNT = 1000;
    /** In flood mode, how long to wait for a reply before sending the next request (ping -f: 10 ms). */
    public static final Duration FLOOD_GAP = Duration.ofMillis(10);
    /** How long a reply still counts after its request, when no timeout is given. */
    public static final Duration DEFAULT_REPLY_TIMEOUT = Duration.ofSeconds(1);
    /** Payload bytes after the ICMP header when none is given (ping's default). */
    public static final int DEFAULT_PAYLOAD = 56;
    private static final Duration ARP_WAIT = Duration.ofMillis(500);
    private static final int ARP_TRIES = 3;

    private final String link;
    private final Inet4Address target;
    private final byte[] targetMac;
    private final int count;
    private final RttMode mode;
    private final Duration interval;
    private final Duration replyTimeout;
    private final int payloadBytes;
    private final Inet4Address source;

    private RttMeter(Builder b) {
        this.link = b.link;
        this.target = b.target;
        this.targetMac = b.targetMac;
        this.count = b.count;
        this.mode = b.mode;
        this.interval = b.interval;
        this.replyTimeout = b.replyTimeout;
        this.payloadBytes = b.payloadBytes;
        this.source = b.source;
    }

    /** @return a builder; {@code link} and {@code target} are required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the measurement on the calling thread.
     *
     * @return the figures
     * @throws io.nfvlightvirt.probes.CaptureAccessException without root/CAP_NET_RAW or libpcap
     * @throws io.nfvlightvirt.probes.UnknownLinkException when the link does not exist or is down
     * @throws GuestNotOnLinkException when nothing at all came from the guest (no reply, no ARP answer)
     */
    public RttResult measure() {
        Link l = Link.resolve(link);
        Inet4Address src = source != null ? source : l.sourceFor(target).orElseThrow(() -> new ProbeException(
                "link '" + link + "' has no IPv4 address to send echo requests from; give one with"
                        + " RttMeter.builder().source(\"a.b.c.d\")"));
        String filter = targetMac != null
                ? "ether src " + Addresses.formatMac(targetMac) + " or (icmp and ether dst "
                        + Addresses.formatMac(targetMac) + ")"
                : "arp or icmp";
        try (LinkChannel ch = LinkChannel.open(l, filter, 20)) {
            Run run = new Run(ch, l, src);
            try {
                return run.execute();
            } finally {
                run.stopCapture();
            }
        }
    }

    /**
     * One measurement: the calling thread sends and paces, a capture thread blocks on the link
     * (a libpcap read on Linux returns only for a frame or a breakloop) and records what it sees.
     */
    private final class Run {
        private final LinkChannel ch;
        private final Link l;
        private final boolean answerArp;
        private final int srcIp;
        private final int dstIp;
        private final int id = new SecureRandom().nextInt(0x10000);
        private final long[] sentAt;              // epoch nanos just before the request went to libpcap
        private final long[] wireOut;             // capture time of the request itself, 0 when not seen
        private final AtomicLongArray replyAt;    // capture time of the reply, 0 when none
        private final Thread sender = Thread.currentThread();
        private final Thread capturer;
        private volatile byte[] guestMac;
        private volatile byte[] ownMac;
        private volatile byte[] mac;
        /** Index of the next request to send; whoever moves it on (CAS) sends that request. */
        private final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        private volatile long lastSendNanos;
        private volatile int sent;
        private volatile long received;
        private volatile long duplicates;
        private volatile boolean guestSeen;
        private volatile boolean stop;
        private volatile Throwable failure;

        Run(LinkChannel ch, Link l, Inet4Address src) {
            this.ch = ch;
            this.l = l;
            this.answerArp = !l.owns(src);
            this.srcIp = Addresses.toInt(src);
            this.dstIp = Addresses.toInt(target);
            this.guestMac = targetMac;
            this.sentAt = new long[count];
            this.wireOut = new long[count];
            this.replyAt = new AtomicLongArray(count);
            this.capturer = new Thread(this::captureLoop, "nfvlv-rtt-capture-" + link);
            capturer.setDaemon(true);
            capturer.start();
        }

        RttResult execute() {
            if (guestMac == null) {
                resolveMac();
            }
            ownMac = l.mac();
            mac = guestMac;
            long gap = mode == RttMode.FLOOD ? FLOOD_GAP.toNanos() : interval.toNanos();
            long t0 = System.nanoTime();
            long startEpoch = epochNanos(Instant.now());
            if (mode == RttMode.INTERVAL) {
                for (int i = 0; i < count; i++) {
                    waitUntil(t0 + i * gap, -1);
                    checkCapture();
                    next.set(i + 1);
                    sendRequest(i);
                }
            } else {
                // ping -f: the capture thread sends the next request the moment a reply comes in; this
                // thread only steps in when no reply came within the gap
                next.set(1);
                sendRequest(0);
                while (true) {
                    checkCapture();
                    int last = next.get() - 1;
                    if (last >= count - 1) {
                        break;
                    }
                    long deadline = lastSendNanos + gap;
                    waitUntil(deadline, last);
                    if (replyAt.get(last) == 0 && System.nanoTime() - deadline >= 0
                            && next.compareAndSet(last + 1, last + 2)) {
                        sendRequest(last + 1);
                    }
                }
            }
            long lingerUntil = System.nanoTime() + replyTimeout.toNanos();
            while (received < sent && System.nanoTime() - lingerUntil < 0) {
                LockSupport.parkNanos(Math.min(1_000_000L, lingerUntil - System.nanoTime()));
            }
            long endEpoch = epochNanos(Instant.now());
            stopCapture();
            checkCapture();
            if (received == 0 && !guestSeen) {
                throw new GuestNotOnLinkException(link, target.getHostAddress(), Duration.ofNanos(endEpoch - startEpoch),
                        "no echo reply from " + target.getHostAddress() + " (" + Addresses.formatMac(mac)
                                + ") on link '" + link + "' to " + sent + " requests, and no frame at all from that MAC"
                                + " was seen on the link: the guest is not on this link (wrong link or MAC), or not up");
            }
            return result(endEpoch - startEpoch, mac);
        }

        /** Sends request {@code i}; called by whichever thread won the right to (see {@link #next}). */
        private void sendRequest(int i) {
            byte[] payload = new byte[payloadBytes];
            long stamp = System.nanoTime();
            for (int b = 0; b < 8; b++) {
                payload[b] = (byte) (stamp >>> (56 - 8 * b));
            }
            for (int b = 8; b < payload.length; b++) {
                payload[b] = (byte) b;
            }
            byte[] req = Frames.icmpEchoRequest(ownMac, mac, srcIp, dstIp, id, i & 0xffff, payload, i);
            sent = i + 1; // published before the send: a reply can come back before sendTimed returns
            try {
                sentAt[i] = epochNanos(ch.sendTimed(req));
            } catch (ProbeException e) {
                sentAt[i] = epochNanos(Instant.now());
                LOG.debug("echo request {} refused: {}", i, e.getMessage());
            }
            lastSendNanos = System.nanoTime();
        }

        /** Parks until {@code deadline}, or until request {@code i} (when >= 0) has its reply. */
        private void waitUntil(long deadline, int i) {
            long left;
            while ((i < 0 || replyAt.get(i) == 0) && (left = deadline - System.nanoTime()) > 0) {
                LockSupport.parkNanos(left);
            }
        }

        private void resolveMac() {
            byte[] req = Frames.arpRequest(l.mac(), srcIp, dstIp);
            for (int attempt = 0; attempt < ARP_TRIES && guestMac == null; attempt++) {
                ch.send(req);
                long until = System.nanoTime() + ARP_WAIT.toNanos();
                while (guestMac == null && System.nanoTime() - until < 0) {
                    LockSupport.parkNanos(until - System.nanoTime());
                }
                checkCapture();
            }
            if (guestMac == null) {
                Duration waited = ARP_WAIT.multipliedBy(ARP_TRIES);
                throw new GuestNotOnLinkException(link, target.getHostAddress(), waited, "no ARP reply for "
                        + target.getHostAddress() + " on link '" + link + "' after " + ARP_TRIES + " requests from "
                        + Addresses.formatIpv4(srcIp) + " in " + waited.toMillis() + " ms: the guest is not on this"
                        + " link, or not up; give its MAC with target(ip, mac) to skip ARP");
            }
            LOG.debug("{} is at {}", target.getHostAddress(), Addresses.formatMac(guestMac));
        }

        private void checkCapture() {
            if (failure != null) {
                throw new ProbeException("capture on link '" + link + "' failed", failure);
            }
        }

        void stopCapture() {
            stop = true;
            ch.wakeUp();
            try {
                capturer.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void captureLoop() {
            try {
                while (!stop) {
                    LinkChannel.Captured c = ch.next();
                    if (c != null) {
                        handle(c);
                    }
                }
            } catch (RuntimeException | Error e) {
                failure = e;
                LockSupport.unpark(sender);
            }
        }

        private void handle(LinkChannel.Captured c) {
            byte[] f = c.data();
            byte[] mac = guestMac;
            if (mac == null) {
                Frames.Arp arp = Frames.Arp.read(f);
                if (arp != null && arp.op() == Frames.ARP_REPLY && arp.senderIp() == dstIp) {
                    guestMac = arp.senderMac();
                    LockSupport.unpark(sender);
                }
                return;
            }
            boolean fromGuest = Frames.sourceMacIs(f, mac);
            guestSeen |= fromGuest;
            Frames.IcmpEcho e = Frames.IcmpEcho.read(f);
            if (e != null && e.id() == id) {
                int i = index(e.seq());
                if (i < 0) {
                    return;
                }
                long ts = epochNanos(c.timestamp());
                if (e.type() == Frames.ICMP_ECHO_REPLY && fromGuest && e.srcIp() == dstIp) {
                    if (replyAt.get(i) != 0) {
                        duplicates++;
                    } else {
                        replyAt.set(i, ts); // late replies are discounted in result(), once sentAt[i] is sure
                        received++;
                        if (mode == RttMode.FLOOD && i + 1 < count && next.compareAndSet(i + 1, i + 2)) {
                            sendRequest(i + 1);
                        }
                        if (received >= sent && sent == count) {
                            // the sending thread waits for the gap or the end; a wake-up per reply would
                            // cost more CPU than the round trip (tens of microseconds on a VM)
                            LockSupport.unpark(sender);
                        }
                    }
                } else if (e.type() == Frames.ICMP_ECHO_REQUEST && !fromGuest && e.dstIp() == dstIp
                        && wireOut[i] == 0) {
                    wireOut[i] = ts;
                }
                return;
            }
            if (answerArp && fromGuest) {
                Frames.Arp arp = Frames.Arp.read(f);
                if (arp != null && arp.op() == Frames.ARP_REQUEST && arp.targetIp() == srcIp) {
                    try {
                        ch.send(Frames.arpReply(l.mac(), srcIp, arp.senderMac(), arp.senderIp()));
                    } catch (ProbeException ex) {
                        LOG.debug("ARP reply refused on {}: {}", link, ex.getMessage());
                    }
                }
            }
        }

        /** Maps a 16-bit sequence number to the latest request index sent that carries it. */
        private int index(int seq) {
            int n = sent;
            if (n == 0) {
                return -1;
            }
            int last = n - 1;
            int i = last - ((last - seq) & 0xffff);
            return i < 0 ? -1 : i;
        }

        private RttResult result(long elapsedNanos, byte[] mac) {
            int n0 = sent;
            long[] send = new long[n0];
            long[] wire = new long[n0];
            int n = 0;
            int w = 0;
            List<Duration> samples = new ArrayList<>();
            long late = replyTimeout.toNanos();
            for (int i = 0; i < n0; i++) {
                long r = replyAt.get(i);
                if (r == 0 || r - sentAt[i] > late) {
                    continue;
                }
                send[n++] = r - sentAt[i];
                samples.add(Duration.ofNanos(r - sentAt[i]));
                if (wireOut[i] != 0) {
                    wire[w++] = r - wireOut[i];
                }
            }
            if (w < n) {
                LOG.debug("{} of {} requests to {} were not seen on the capture; the on-link figure leaves them out",
                        n - w, n, target.getHostAddress());
            }
            return new RttResult(link, target.getHostAddress(), Addresses.formatMac(mac), mode,
                    mode == RttMode.INTERVAL ? Optional.of(interval) : Optional.empty(), n0, n, duplicates,
                    RttStats.of(send, n), RttStats.of(wire, w), Duration.ofNanos(elapsedNanos), samples);
        }
    }

    private static long epochNanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** Builds an {@link RttMeter}; every setter validates its value at once. */
    public static final class Builder {
        private String link;
        private Inet4Address target;
        private byte[] targetMac;
        private int count = DEFAULT_COUNT;
        private RttMode mode = RttMode.FLOOD;
        private Duration interval;
        private Duration replyTimeout = DEFAULT_REPLY_TIMEOUT;
        private int payloadBytes = DEFAULT_PAYLOAD;
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
         * @param mac the guest's MAC
         * @return this
         */
        public Builder target(String ipv4, String mac) {
            this.target = Addresses.ipv4("target.ipv4", ipv4);
            this.targetMac = Addresses.mac("target.mac", mac);
            return this;
        }

        /**
         * @param ipv4 the guest's address; its MAC is asked for with ARP on the link
         * @return this
         */
        public Builder target(String ipv4) {
            this.target = Addresses.ipv4("target.ipv4", ipv4);
            this.targetMac = null;
            return this;
        }

        /**
         * @param requests how many echo requests (default 1000)
         * @return this
         */
        public Builder count(int requests) {
            if (requests < 1 || requests > 10_000_000) {
                throw new InvalidSpecException("count", requests, "must be between 1 and 10000000");
            }
            this.count = requests;
            return this;
        }

        /**
         * Flood mode (the default): the next request as soon as the reply came, or after 10 ms.
         *
         * @return this
         */
        public Builder flood() {
            this.mode = RttMode.FLOOD;
            this.interval = null;
            return this;
        }

        /**
         * @param every one request per this interval, whatever the replies do
         * @return this
         */
        public Builder interval(Duration every) {
            Objects.requireNonNull(every, "interval");
            if (every.compareTo(Duration.ofNanos(10_000)) < 0 || every.compareTo(Duration.ofSeconds(60)) > 0) {
                throw new InvalidSpecException("interval", every, "must be between 10 µs and 60 s");
            }
            this.mode = RttMode.INTERVAL;
            this.interval = every;
            return this;
        }

        /**
         * @param wait how long after its request a reply still counts (default 1 s)
         * @return this
         */
        public Builder replyTimeout(Duration wait) {
            Objects.requireNonNull(wait, "replyTimeout");
            if (wait.compareTo(Duration.ofMillis(1)) < 0 || wait.compareTo(Duration.ofSeconds(60)) > 0) {
                throw new InvalidSpecException("replyTimeout", wait, "must be between 1 ms and 60 s");
            }
            this.replyTimeout = wait;
            return this;
        }

        /**
         * @param bytes ICMP payload after the 8-byte header (default 56, as ping); at least 8
         * @return this
         */
        public Builder payloadBytes(int bytes) {
            if (bytes < 8 || bytes > 1472) {
                throw new InvalidSpecException("payloadBytes", bytes, "must be between 8 and 1472 (one Ethernet frame)");
            }
            this.payloadBytes = bytes;
            return this;
        }

        /**
         * @param ipv4 the requests' source address; by default the link's own address in the guest's subnet
         * @return this
         */
        public Builder source(String ipv4) {
            this.source = Addresses.ipv4("source", ipv4);
            return this;
        }

        /**
         * @return the meter
         * @throws InvalidSpecException when {@code link} or {@code target} is missing
         */
        public RttMeter build() {
            if (link == null) {
                throw new InvalidSpecException("link", null, "is required: the guest's host-side bridge, tap or veth");
            }
            if (target == null) {
                throw new InvalidSpecException("target", null, "is required: the guest's IPv4 address (and MAC)");
            }
            LinkChannel.preload();
            return new RttMeter(this);
        }
    }
}
