package io.nfvlightvirt.probes.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.time.Instant;

/**
 * A send-only Linux packet socket ({@code socket(AF_PACKET, SOCK_RAW, 0)} bound to one link):
 * protocol 0 means the kernel delivers it nothing, and the frame goes from a preallocated native
 * buffer to {@code send(2)} through a JNA direct mapping. Sending through pcap4j's
 * {@code sendPacket} costs about twice as long per frame (its JNA array marshalling), which is a
 * large share of a container's few-microsecond round trip; here the clock is read right before the
 * syscall, as {@code ping} reads it before {@code sendmsg}.
 */
final class PacketSocket implements AutoCloseable {
    private static final int AF_PACKET = 17;
    private static final int SOCK_RAW = 3;
    private static final int SOCKADDR_LL_SIZE = 20;
    private static final int MAX_FRAME = 1600;

    private final int fd;
    private final Memory buffer = new Memory(MAX_FRAME);
    private boolean closed;

    /** libc through JNA's direct mapping (no per-call reflection or array marshalling). */
    private static final class LibC {
        static {
            Native.register("c");
        }

        static native int socket(int domain, int type, int protocol) throws LastErrorException;

        static native int bind(int fd, Pointer addr, int len) throws LastErrorException;

        static native long send(int fd, Pointer buf, long len, int flags) throws LastErrorException;

        static native int close(int fd);
    }

    private PacketSocket(int fd) {
        this.fd = fd;
    }

    /**
     * @param ifindex the link's interface index
     * @return the bound socket
     * @throws LastErrorException with the errno (EPERM without CAP_NET_RAW)
     * @throws LinkageError when libc cannot be mapped (not Linux)
     */
    static PacketSocket open(int ifindex) {
        int fd = LibC.socket(AF_PACKET, SOCK_RAW, 0);
        try (Memory addr = new Memory(SOCKADDR_LL_SIZE)) {
            addr.clear();
            addr.setShort(0, (short) AF_PACKET);  // sll_family (host order)
            addr.setShort(2, (short) 0);          // sll_protocol: none, send only
            addr.setInt(4, ifindex);              // sll_ifindex
            LibC.bind(fd, addr, SOCKADDR_LL_SIZE);
            return new PacketSocket(fd);
        } catch (RuntimeException e) {
            LibC.close(fd);
            throw e;
        }
    }

    /**
     * Sends one frame.
     *
     * @param frame a whole Ethernet frame
     * @return the wall-clock time read right before the send syscall
     * @throws LastErrorException with the errno when the kernel refuses the frame
     */
    synchronized Instant send(byte[] frame) {
        if (closed) {
            throw new IllegalStateException("packet socket closed");
        }
        if (frame.length > MAX_FRAME) {
            throw new IllegalArgumentException("frame of " + frame.length + " bytes exceeds " + MAX_FRAME);
        }
        buffer.write(0, frame, 0, frame.length);
        Instant at = Instant.now();
        LibC.send(fd, buffer, frame.length, 0);
        return at;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            LibC.close(fd);
            buffer.close();
        }
    }
}
