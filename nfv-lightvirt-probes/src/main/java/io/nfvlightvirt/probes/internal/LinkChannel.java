package io.nfvlightvirt.probes.internal;

import io.nfvlightvirt.probes.CaptureAccessException;
import io.nfvlightvirt.probes.ProbeException;
import io.nfvlightvirt.probes.UnknownLinkException;
import java.sql.Timestamp;
import java.time.Instant;
import org.pcap4j.core.BpfProgram.BpfCompileMode;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapHandle.TimestampPrecision;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface.PromiscuousMode;
import org.pcap4j.packet.namednumber.DataLinkType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raw access to one Ethernet link, as the host notes prescribe: a libpcap handle to capture
 * (immediate mode, nanosecond timestamps where libpcap offers them, a BPF filter) and a separate
 * way to inject: a send-only packet socket (see {@link PacketSocket}), or where that cannot be
 * had a second libpcap handle whose own capture is filtered to nothing. On Linux, libpcap 1.10's read
 * timeout does not end a read that sees no frame: {@link #next()} blocks until a frame arrives or
 * {@link #wakeUp()} (pcap_breakloop) is called, so a reader thread is stopped with a stop flag
 * plus {@link #wakeUp()}. One thread reads; any thread may send.
 */
public final class LinkChannel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LinkChannel.class);
    private static final int PCAP_ERROR_NO_SUCH_DEVICE = -5;
    private static final int PCAP_ERROR_PERM_DENIED = -8;
    private static final int PCAP_ERROR_IFACE_NOT_UP = -9;

    private final Link link;
    private final PcapHandle capture;
    private final PcapHandle send;
    private final PacketSocket socket;
    private final PcapReader reader;
    private final TimestampPrecision precision;
    private volatile boolean closed;

    /**
     * A frame and the kernel's capture timestamp of it.
     *
     * @param data the frame's bytes
     * @param timestamp when the kernel handed it to the capture (pcap header time)
     */
    public record Captured(byte[] data, Instant timestamp) {}

    private LinkChannel(Link link, PcapHandle capture, PcapHandle send, PacketSocket socket) {
        this.link = link;
        this.capture = capture;
        this.send = send;
        this.socket = socket;
        this.reader = PcapReader.of(capture, capture.getTimestampPrecision() == TimestampPrecision.NANO);
        if (reader == null) {
            LOG.debug("reading {} through pcap4j's getNextRawPacket", link.name());
        }
        this.precision = capture.getTimestampPrecision();
    }

    /**
     * Opens both handles on the link.
     *
     * @param link the link, already resolved
     * @param captureFilter a BPF expression for what the capture handle keeps
     * @param readTimeoutMillis how long one read waits for a frame (at least 1)
     * @return the open channel
     * @throws CaptureAccessException without root/CAP_NET_RAW or without libpcap
     * @throws UnknownLinkException when the link vanished, is down or is not Ethernet
     */
    public static LinkChannel open(Link link, String captureFilter, int readTimeoutMillis) {
        PcapHandle capture = null;
        PcapHandle send = null;
        try {
            capture = handle(link.name(), 262144, Math.max(1, readTimeoutMillis), 4 << 20);
            if (capture.getDlt() != DataLinkType.EN10MB) {
                throw new UnknownLinkException(link.name(), "link '" + link.name() + "' has link type "
                        + capture.getDlt() + ", the probes need Ethernet (EN10MB): use the guest's bridge, tap or veth");
            }
            capture.setFilter(captureFilter, BpfCompileMode.OPTIMIZE);
            if (capture.getTimestampPrecision() != TimestampPrecision.NANO) {
                LOG.debug("libpcap gives microsecond timestamps on {}", link.name());
            }
            PacketSocket socket = packetSocket(link);
            if (socket == null) {
                send = handle(link.name(), 128, 1, 64 << 10);
                send.setFilter("less 1", BpfCompileMode.OPTIMIZE); // the sender never reads: keep its ring empty
            }
            return new LinkChannel(link, capture, send, socket);
        } catch (PcapNativeException e) {
            closeQuietly(capture);
            closeQuietly(send);
            throw translate(link.name(), e);
        } catch (NotOpenException e) {
            closeQuietly(capture);
            closeQuietly(send);
            throw new ProbeException("pcap handle on link '" + link.name() + "' closed while it was set up", e);
        } catch (LinkageError e) {
            closeQuietly(capture);
            closeQuietly(send);
            throw new CaptureAccessException("libpcap could not be loaded (" + e + "); install it: apt-get install"
                    + " libpcap0.8", e);
        } catch (RuntimeException e) {
            closeQuietly(capture);
            closeQuietly(send);
            throw e;
        }
    }

    /**
     * Loads libpcap and pcap4j's classes now (a few hundred milliseconds the first time), so that
     * the first capture opened during a measurement does not pay for it. Errors are left for
     * {@link #open} to report.
     */
    public static void preload() {
        try {
            org.pcap4j.core.Pcaps.libVersion();
        } catch (LinkageError | RuntimeException e) {
            LOG.debug("libpcap did not load: {}", e.toString());
        }
    }

    /** The kernel's index of the link: from sysfs, since Java does not list a link that has no address. */
    private static int ifIndex(String name) throws java.net.SocketException {
        java.nio.file.Path f = java.nio.file.Path.of("/sys/class/net", name, "ifindex");
        try {
            return Integer.parseInt(java.nio.file.Files.readString(f).trim());
        } catch (java.io.IOException | NumberFormatException e) {
            java.net.NetworkInterface nif = java.net.NetworkInterface.getByName(name);
            if (nif == null) {
                throw UnknownLinkException.absent(name, Link.existingLinks());
            }
            return nif.getIndex();
        }
    }

    /** A send-only packet socket, or null to fall back to a second pcap handle (not Linux, no JNA libc). */
    private static PacketSocket packetSocket(Link link) {
        try {
            return PacketSocket.open(ifIndex(link.name()));
        } catch (com.sun.jna.LastErrorException e) {
            if (e.getErrorCode() == 1) { // EPERM
                String java = ProcessHandle.current().info().command().orElse("the java binary");
                throw new CaptureAccessException("sending raw frames on link '" + link.name() + "' needs root or"
                        + " CAP_NET_RAW, which this process (uid " + uid() + ") lacks; run as root or grant it with:"
                        + " setcap cap_net_raw,cap_net_admin=eip " + java, e);
            }
            LOG.debug("no packet socket on {} ({}); sending through libpcap", link.name(), e.getMessage());
            return null;
        } catch (LinkageError | java.net.SocketException e) {
            LOG.debug("no packet socket on {} ({}); sending through libpcap", link.name(), e.toString());
            return null;
        }
    }

    private static PcapHandle handle(String name, int snaplen, int timeoutMillis, int bufferBytes)
            throws PcapNativeException {
        return new PcapHandle.Builder(name)
                .snaplen(snaplen)
                .promiscuousMode(PromiscuousMode.NONPROMISCUOUS)
                .timeoutMillis(timeoutMillis)
                .bufferSize(bufferBytes)
                .timestampPrecision(TimestampPrecision.NANO)
                .immediateMode(true)
                .build();
    }

    private static ProbeException translate(String link, PcapNativeException e) {
        Integer rc = e.getReturnCode();
        String msg = String.valueOf(e.getMessage());
        String lower = msg.toLowerCase(java.util.Locale.ROOT);
        if ((rc != null && rc == PCAP_ERROR_PERM_DENIED) || lower.contains("operation not permitted")
                || lower.contains("permission")) {
            String java = ProcessHandle.current().info().command().orElse("the java binary");
            return new CaptureAccessException("capturing and sending raw frames on link '" + link + "' needs root or"
                    + " CAP_NET_RAW, which this process (uid " + uid() + ") lacks; run as root or grant it with:"
                    + " setcap cap_net_raw,cap_net_admin=eip " + java, e);
        }
        if ((rc != null && rc == PCAP_ERROR_NO_SUCH_DEVICE) || lower.contains("no such device")) {
            return UnknownLinkException.absent(link, Link.existingLinks());
        }
        if (rc != null && rc == PCAP_ERROR_IFACE_NOT_UP) {
            return new UnknownLinkException(link, "link '" + link + "' is down; bring it up first (ip link set " + link
                    + " up)");
        }
        return new ProbeException("libpcap failed on link '" + link + "'", e);
    }

    private static String uid() {
        try {
            return String.valueOf(java.nio.file.Files.getAttribute(java.nio.file.Path.of("/proc/self"), "unix:uid"));
        } catch (Exception | LinkageError e) {
            return System.getProperty("user.name");
        }
    }

    /** @return the link */
    public Link link() {
        return link;
    }

    /** @return whether capture timestamps have nanosecond (else microsecond) resolution */
    public boolean nanosecondTimestamps() {
        return precision == TimestampPrecision.NANO;
    }

    /**
     * Injects one frame on the link.
     *
     * @param frame a whole Ethernet frame
     * @throws ProbeException when libpcap refuses it (link down, no buffer, closed)
     */
    public void send(byte[] frame) {
        sendTimed(frame);
    }

    /**
     * Injects one frame on the link and says when.
     *
     * @param frame a whole Ethernet frame
     * @return the wall-clock time read right before the frame was handed to the kernel
     * @throws ProbeException when the kernel refuses it (link down, no buffer, closed)
     */
    public Instant sendTimed(byte[] frame) {
        if (socket != null) {
            try {
                return socket.send(frame);
            } catch (com.sun.jna.LastErrorException e) {
                throw new ProbeException("could not send on link '" + link.name() + "' (errno " + e.getErrorCode()
                        + ")", e);
            } catch (IllegalStateException e) {
                throw new ProbeException("link channel on '" + link.name() + "' is closed", e);
            }
        }
        try {
            Instant at = Instant.now();
            send.sendPacket(frame);
            return at;
        } catch (PcapNativeException e) {
            throw new ProbeException("could not send on link '" + link.name() + "'", e);
        } catch (NotOpenException e) {
            throw new ProbeException("link channel on '" + link.name() + "' is closed", e);
        }
    }

    /**
     * Reads the next captured frame, blocking until one arrives or {@link #wakeUp()} is called.
     *
     * @return the frame (at least its first {@value PcapReader#HEADER_BYTES} bytes) with its capture time, or
     *     null when woken up, on a libpcap read timeout, or closed
     */
    public Captured next() {
        if (closed) {
            return null;
        }
        if (reader != null) {
            try {
                return reader.next();
            } catch (IllegalStateException e) {
                throw new ProbeException("capture on link '" + link.name() + "' failed: " + capture.toString(), e);
            }
        }
        try {
            byte[] data = capture.getNextRawPacket();
            if (data == null) {
                return null;
            }
            Timestamp ts = capture.getTimestamp();
            return new Captured(data, ts.toInstant());
        } catch (NotOpenException e) {
            return null;
        }
    }

    /** Makes a read in progress return at once (pcap_breakloop); the reader then checks its stop flag. */
    public void wakeUp() {
        try {
            capture.breakLoop();
        } catch (NotOpenException e) {
            // closed already: nothing to wake
        }
    }

    /** Closes both handles. Call only after the reading thread has stopped. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(capture);
        closeQuietly(send);
        if (socket != null) {
            socket.close();
        }
    }

    private static void closeQuietly(PcapHandle h) {
        if (h != null && h.isOpen()) {
            h.close();
        }
    }
}
