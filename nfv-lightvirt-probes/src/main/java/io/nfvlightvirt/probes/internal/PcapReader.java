package io.nfvlightvirt.probes.internal;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.lang.reflect.Field;
import java.time.Instant;
import org.pcap4j.core.PcapHandle;

/**
 * The capture's hot path: {@code pcap_next_ex} on the {@code pcap_t} of a handle pcap4j opened and
 * configured, through a JNA direct mapping with reused out-pointers, copying only the first bytes
 * of each frame (the headers the probes read). pcap4j's own {@code getNextRawPacket} allocates a
 * JNA structure, native memory, a Timestamp and thread-locals per frame, tens of microseconds of
 * CPU per round trip that a TCG guest on the same two cores then lacks. Used by one thread; the
 * handle must not be closed while a read runs (callers stop the reader first).
 */
final class PcapReader {
    private static final int PCAP_ERROR_BREAK = -2;
    /** Enough for Ethernet + IPv4 with options + TCP/ICMP/ARP headers. */
    static final int HEADER_BYTES = 128;

    private final Pointer pcap;
    private final boolean nanos;
    private final Memory headerOut = new Memory(Native.POINTER_SIZE);
    private final Memory dataOut = new Memory(Native.POINTER_SIZE);

    private static final class LibPcap {
        static {
            Native.register(LibPcap.class,
                    NativeLibrary.getInstance(System.getProperty("org.pcap4j.core.pcapLibName", "pcap")));
        }

        static native int pcap_next_ex(Pointer p, Pointer header, Pointer data);
    }

    private PcapReader(Pointer pcap, boolean nanos) {
        this.pcap = pcap;
        this.nanos = nanos;
    }

    /**
     * @param handle an activated pcap4j handle
     * @param nanos whether its timestamps are in nanoseconds
     * @return a reader, or null when pcap4j's internals are not as expected (then use pcap4j's reader)
     */
    static PcapReader of(PcapHandle handle, boolean nanos) {
        try {
            Field f = PcapHandle.class.getDeclaredField("handle");
            f.setAccessible(true);
            Pointer p = (Pointer) f.get(handle);
            if (p == null || Native.LONG_SIZE != 8) {
                return null;
            }
            LibPcap.class.getName(); // registers the mapping now, not during a measurement
            return new PcapReader(p, nanos);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /**
     * Reads the next frame.
     *
     * @return the frame's first bytes and its capture time; null on a libpcap timeout or a breakloop
     * @throws IllegalStateException on a libpcap error
     */
    LinkChannel.Captured next() {
        int rc = LibPcap.pcap_next_ex(pcap, headerOut, dataOut);
        if (rc == 1) {
            Pointer h = headerOut.getPointer(0);
            long sec = h.getLong(0);     // struct pcap_pkthdr on LP64: timeval (2 longs), caplen, len
            long frac = h.getLong(8);
            int caplen = h.getInt(16);
            byte[] data = dataOut.getPointer(0).getByteArray(0, Math.min(caplen, HEADER_BYTES));
            return new LinkChannel.Captured(data, Instant.ofEpochSecond(sec, nanos ? frac : frac * 1000));
        }
        if (rc == 0 || rc == PCAP_ERROR_BREAK) {
            return null;
        }
        throw new IllegalStateException("pcap_next_ex returned " + rc);
    }
}
