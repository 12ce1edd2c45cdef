package io.nfvlightvirt.probes.boot;

import io.nfvlightvirt.Phase;
import io.nfvlightvirt.probes.GuestNotOnLinkException;
import io.nfvlightvirt.probes.ProbeException;
import io.nfvlightvirt.probes.ProbeTimeoutException;
import io.nfvlightvirt.probes.internal.Addresses;
import io.nfvlightvirt.probes.internal.Frames;
import io.nfvlightvirt.probes.internal.Link;
import io.nfvlightvirt.probes.internal.LinkChannel;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running boot watch: a sender thread injects a SYN every interval, a capture thread waits for
 * the guest's first RST or SYN-ACK. Opened by {@link BootDetector#start}; always close it
 * (try-with-resources), which stops both threads and releases the pcap handles. Phases the caller
 * passes through ({@code create} returned, {@code start} returned) are recorded with
 * {@link #record(Phase, Instant)} and appear in the {@link BootResult}.
 */
public final class BootWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BootWatch.class);
    private static final int SEQ_STEP = 64;
    private static final int MAX_RECORDED_SENDS = 1 << 20;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final BootDetector detector;
    private volatile Instant createCalled;
    private volatile Instant watchStarted;
    private final Link link;
    private final Inet4Address source;
    private final boolean answerArp;
    private final Socket portReservation;
    private final int sourcePort;
    private final int isn;
    private final LinkChannel channel;
    private final Map<Phase, Instant> timeline = new EnumMap<>(Phase.class);
    private volatile long startNanos;
    private final long openCpuNanos;

    private final CountDownLatch done = new CountDownLatch(1);
    private volatile boolean stop;
    private volatile Instant firstAnswer;
    private volatile AnswerKind answerKind;
    private volatile int answerAck;
    private volatile Instant firstGuestFrame;
    private volatile Throwable failure;
    private volatile long synsSent;
    private volatile long sendErrors;
    private volatile String lastSendError;
    private volatile Instant firstSynSent;
    private volatile long senderCpuNanos;
    private volatile long captureCpuNanos;
    private long[] sendEpochNanos = new long[1024];
    private final Thread sender;
    private final Thread capturer;
    private final Object lock = new Object();
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private BootWatch(BootDetector d, long cpuAtEntry) {
        this.detector = d;
        this.link = Link.resolve(d.link());
        this.source = d.source().orElseGet(() -> link.sourceFor(d.target()).orElseThrow(() -> new ProbeException(
                "link '" + d.link() + "' has no IPv4 address to send SYNs from; give one with"
                        + " BootDetector.builder().source(\"a.b.c.d\") (the watch then answers ARP for it)")));
        this.answerArp = !link.owns(source);
        if (answerArp) {
            LOG.info("{} is not an address of link {}: the watch answers the guest's ARP requests for it", source
                    .getHostAddress(), link.name());
        }
        this.portReservation = reservePort(answerArp ? null : source);
        this.sourcePort = portReservation.getLocalPort();
        this.isn = new SecureRandom().nextInt();
        LinkChannel ch;
        try {
            ch = LinkChannel.open(link, "ether src " + d.targetMac(), 20);
        } catch (RuntimeException e) {
            closeQuietly(portReservation);
            throw e;
        }
        this.channel = ch;
        this.sender = new Thread(this::sendLoop, "nfvlv-boot-syn-" + link.name());
        this.capturer = new Thread(this::captureLoop, "nfvlv-boot-capture-" + link.name());
        sender.setDaemon(true);
        capturer.setDaemon(true);
        capturer.start();
        this.openCpuNanos = THREADS.isCurrentThreadCpuTimeSupported()
                ? Math.max(0, THREADS.getCurrentThreadCpuTime() - cpuAtEntry) : 0;
    }

    static BootWatch prepare(BootDetector d) {
        long cpu = THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : 0;
        return new BootWatch(d, cpu);
    }

    /**
     * Starts sending SYNs now, and counts the boot from {@code createCalled}. A watch from
     * {@link BootDetector#start} has begun already; one from {@link BootDetector#prepare} begins
     * here, which takes the cost of opening the capture off the measured boot.
     *
     * @param createCalled when {@code create} was called; null for now
     * @return this
     * @throws IllegalStateException when the watch has begun already or is closed
     * @throws io.nfvlightvirt.InvalidSpecException when {@code createCalled} is in the future
     */
    public BootWatch begin(Instant createCalled) {
        Instant now = Instant.now();
        if (createCalled != null && createCalled.isAfter(now)) {
            throw new io.nfvlightvirt.InvalidSpecException("createCalled", createCalled,
                    "must not be later than now (" + now + ")");
        }
        synchronized (lock) {
            if (closed.get()) {
                throw new IllegalStateException("boot watch on " + link.name() + " is closed");
            }
            if (watchStarted != null) {
                throw new IllegalStateException("boot watch on " + link.name() + " began already at " + watchStarted);
            }
            this.createCalled = createCalled == null ? now : createCalled;
            this.startNanos = System.nanoTime();
            this.watchStarted = now;
        }
        sender.start();
        return this;
    }

    /**
     * Starts sending SYNs now and counts the boot from now.
     *
     * @return this
     * @throws IllegalStateException when the watch has begun already or is closed
     */
    public BootWatch begin() {
        return begin(null);
    }

    private static Socket reservePort(Inet4Address local) {
        // An unconnected, bound, non-listening socket keeps the kernel from giving the port to anyone
        // else; segments to it match no socket, so the kernel answers a SYN-ACK with RST.
        Socket s = new Socket();
        try {
            s.bind(new InetSocketAddress(local, 0));
            return s;
        } catch (IOException e) {
            closeQuietly(s);
            Socket any = new Socket();
            try {
                any.bind(new InetSocketAddress(0));
                return any;
            } catch (IOException e2) {
                closeQuietly(any);
                throw new ProbeException("cannot reserve a local TCP port for the SYNs", e2);
            }
        }
    }

    /**
     * Records when a phase of the boot happened (for the per-phase breakdown).
     *
     * @param phase the phase, e.g. {@link Phase#CREATED} (create returned) or {@link Phase#STARTED}
     * @param when when it happened
     * @return this
     */
    public BootWatch record(Phase phase, Instant when) {
        java.util.Objects.requireNonNull(phase, "phase");
        java.util.Objects.requireNonNull(when, "when");
        synchronized (lock) {
            timeline.put(phase, when);
        }
        return this;
    }

    /**
     * Records that a phase happened now.
     *
     * @param phase the phase
     * @return this
     */
    public BootWatch record(Phase phase) {
        return record(phase, Instant.now());
    }

    /** @return whether the guest has answered already (does not wait) */
    public boolean answered() {
        return firstAnswer != null;
    }

    /**
     * Waits for the guest's first answer, at most the detector's timeout counted from the watch's
     * start, then stops sending.
     *
     * @return the boot's figures
     * @throws GuestNotOnLinkException when no frame at all came from the guest's MAC
     * @throws ProbeTimeoutException when the guest was seen but did not answer a SYN in time
     * @throws ProbeException when capturing failed, or the waiting thread was interrupted
     */
    public BootResult awaitFirstAnswer() {
        if (watchStarted == null) {
            throw new IllegalStateException("boot watch on " + link.name() + " has not begun: call begin()");
        }
        long remaining = detector.timeout().toNanos() - (System.nanoTime() - startNanos);
        try {
            if (!done.await(Math.max(0, remaining), TimeUnit.NANOSECONDS)) {
                stopThreads();
                throw timeout();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopThreads();
            throw new ProbeException("interrupted while waiting for " + target() + " to answer on link " + link.name());
        }
        stopThreads();
        if (failure != null) {
            throw new ProbeException("boot watch on link '" + link.name() + "' failed", failure);
        }
        if (firstAnswer == null) {
            throw timeout();
        }
        return result();
    }

    private BootResult result() {
        long answered = -1;
        Optional<Instant> answeredSent = Optional.empty();
        long k = Integer.toUnsignedLong(answerAck - 1 - isn);
        if (k % SEQ_STEP == 0 && k / SEQ_STEP < synsSent) {
            answered = k / SEQ_STEP;
            synchronized (lock) {
                if (answered < sendEpochNanos.length && sendEpochNanos[(int) answered] != 0) {
                    long n = sendEpochNanos[(int) answered];
                    answeredSent = Optional.of(Instant.ofEpochSecond(0, n));
                }
            }
        }
        Map<Phase, Instant> phases;
        synchronized (lock) {
            phases = new EnumMap<>(timeline);
        }
        phases.putIfAbsent(Phase.CREATE_CALLED, createCalled);
        return new BootResult(link.name(), target(), detector.targetMac(),
                source.getHostAddress() + ":" + sourcePort, createCalled, watchStarted,
                firstSynSent == null ? watchStarted : firstSynSent, firstAnswer, answerKind, synsSent, sendErrors,
                answered, answeredSent, detector.interval(), phases,
                Duration.ofNanos(openCpuNanos + senderCpuNanos + captureCpuNanos), channel.nanosecondTimestamps());
    }

    private ProbeTimeoutException timeout() {
        Duration waited = Duration.ofNanos(System.nanoTime() - startNanos);
        String sends = synsSent + " SYNs from " + source.getHostAddress() + ":" + sourcePort + " (MAC "
                + Addresses.formatMac(link.mac()) + ") every " + detector.interval()
                + (sendErrors > 0 ? ", of which the link refused " + sendErrors + " (last: " + lastSendError + ")" : "");
        Instant seen = firstGuestFrame;
        if (seen == null) {
            return new GuestNotOnLinkException(link.name(), target(), waited, "no answer from " + target() + " on link '"
                    + link.name() + "' within " + waited.toMillis() + " ms after " + sends + ", and no frame at all from"
                    + " the guest's MAC " + detector.targetMac() + " was seen on the link: the guest is not on this link"
                    + " (wrong link or MAC), or its network never came up");
        }
        return new ProbeTimeoutException(link.name(), target(), waited, "no RST or SYN-ACK from " + target()
                + " on link '" + link.name() + "' within " + waited.toMillis() + " ms after " + sends + "; frames from"
                + " the guest's MAC " + detector.targetMac() + " were seen (first "
                + Duration.between(createCalled, seen).toMillis() + " ms after create) but none answered a SYN: is the"
                + " address right, or the port filtered?");
    }

    private String target() {
        return detector.target().getHostAddress() + ":" + detector.port();
    }

    private void sendLoop() {
        try {
            byte[] srcMac = link.mac();
            byte[] dstMac = detector.targetMacBytes();
            int srcIp = Addresses.toInt(source);
            int dstIp = Addresses.toInt(detector.target());
            long every = detector.interval().toNanos();
            long deadline = startNanos + detector.timeout().toNanos();
            long t0 = System.nanoTime();
            for (long k = 0; !stop; k++) {
                byte[] syn = Frames.tcpSyn(srcMac, dstMac, srcIp, dstIp, sourcePort, detector.port(),
                        isn + (int) (k * SEQ_STEP), (int) k);
                try {
                    Instant now = channel.sendTimed(syn);
                    remember(k, now);
                    if (firstSynSent == null) {
                        firstSynSent = now;
                    }
                    synsSent = k + 1;
                } catch (ProbeException e) {
                    synsSent = k + 1;
                    sendErrors++;
                    lastSendError = e.getMessage();
                    LOG.debug("SYN {} refused: {}", k, e.getMessage());
                }
                long next = t0 + (k + 1) * every;
                if (next - deadline > 0) {
                    break;
                }
                long wait;
                while (!stop && (wait = next - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
        } catch (RuntimeException | Error e) {
            failure = e;
            done.countDown();
        } finally {
            senderCpuNanos = cpuOfCurrentThread();
        }
    }

    /**
     * @param a the send times so far
     * @param k the index to store next, below {@code max}
     * @param max the largest length allowed
     * @return {@code a}, or a copy at least twice as long that has index {@code k}. {@code k} may
     *     jump past twice the length: sends the link refused (a tap whose guest does not read it yet
     *     fills its queue) are counted but not remembered.
     */
    static long[] withRoomFor(long[] a, long k, int max) {
        if (k < a.length) {
            return a;
        }
        return Arrays.copyOf(a, (int) Math.min(max, Math.max(k + 1, a.length * 2L)));
    }

    private void remember(long k, Instant when) {
        if (k >= MAX_RECORDED_SENDS) {
            return;
        }
        synchronized (lock) {
            sendEpochNanos = withRoomFor(sendEpochNanos, k, MAX_RECORDED_SENDS);
            sendEpochNanos[(int) k] = when.getEpochSecond() * 1_000_000_000L + when.getNano();
        }
    }

    private void captureLoop() {
        try {
            int guestIp = Addresses.toInt(detector.target());
            int srcIp = Addresses.toInt(source);
            byte[] ownMac = link.mac();
            while (!stop) {
                LinkChannel.Captured c = channel.next();
                if (c == null) {
                    continue;
                }
                byte[] f = c.data();
                if (firstGuestFrame == null) {
                    firstGuestFrame = c.timestamp();
                }
                Frames.Tcp tcp = Frames.Tcp.read(f);
                if (tcp != null && tcp.srcIp() == guestIp && tcp.dstIp() == srcIp && tcp.srcPort() == detector.port()
                        && tcp.dstPort() == sourcePort && (tcp.rst() || tcp.synAck())) {
                    answerAck = tcp.ack();
                    answerKind = tcp.rst() ? AnswerKind.RST : AnswerKind.SYN_ACK;
                    firstAnswer = c.timestamp();
                    stop = true;
                    LockSupport.unpark(sender);
                    done.countDown();
                    return;
                }
                if (answerArp) {
                    Frames.Arp arp = Frames.Arp.read(f);
                    if (arp != null && arp.op() == Frames.ARP_REQUEST && arp.targetIp() == srcIp) {
                        try {
                            channel.send(Frames.arpReply(ownMac, srcIp, arp.senderMac(), arp.senderIp()));
                        } catch (ProbeException e) {
                            LOG.debug("ARP reply refused on {}: {}", link.name(), e.getMessage());
                        }
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            failure = e;
            done.countDown();
        } finally {
            captureCpuNanos = cpuOfCurrentThread();
        }
    }

    private static long cpuOfCurrentThread() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : 0;
    }

    private void stopThreads() {
        stop = true;
        LockSupport.unpark(sender);
        channel.wakeUp();
        join(sender);
        join(capturer);
    }

    private static void join(Thread t) {
        try {
            t.join(TimeUnit.SECONDS.toMillis(5));
            if (t.isAlive()) {
                LOG.warn("thread {} did not stop within 5 s", t.getName());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops sending and capturing and releases the pcap handles and the reserved port. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopThreads();
        if (!capturer.isAlive()) {
            channel.close();
        }
        closeQuietly(portReservation);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            LOG.debug("closing the port reservation: {}", e.getMessage());
        }
    }
}
