package io.nfvlightvirt.probes.internal;

/**
 * Builds and reads the few Ethernet frames the probes use: TCP SYN, ICMP echo, ARP. Frames are
 * built whole, with correct IPv4, TCP and ICMP checksums, because they are injected below the
 * host's IP stack. Received frames are read without checking checksums: with offload on, a
 * capture shows frames whose checksum the NIC (or nobody, on a veth) would have filled in.
 */
public final class Frames {
    /** Ethernet header length. */
    public static final int ETH_HLEN = 14;
    /** EtherType of IPv4. */
    public static final int ETHERTYPE_IPV4 = 0x0800;
    /** EtherType of ARP. */
    public static final int ETHERTYPE_ARP = 0x0806;
    /** IP protocol number of ICMP. */
    public static final int PROTO_ICMP = 1;
    /** IP protocol number of TCP. */
    public static final int PROTO_TCP = 6;
    /** TCP flag FIN. */
    public static final int TCP_FIN = 0x01;
    /** TCP flag SYN. */
    public static final int TCP_SYN = 0x02;
    /** TCP flag RST. */
    public static final int TCP_RST = 0x04;
    /** TCP flag ACK. */
    public static final int TCP_ACK = 0x10;
    /** ICMP echo reply type. */
    public static final int ICMP_ECHO_REPLY = 0;
    /** ICMP echo request type. */
    public static final int ICMP_ECHO_REQUEST = 8;
    /** ARP request opcode. */
    public static final int ARP_REQUEST = 1;
    /** ARP reply opcode. */
    public static final int ARP_REPLY = 2;

    private static final byte[] BROADCAST = {-1, -1, -1, -1, -1, -1};
    private static final int IPV4_HLEN = 20;
    private static final int TCP_SYN_HLEN = 24; // 20 + MSS option

    private Frames() {}

    /**
     * A TCP SYN with an MSS option of 1460, as a kernel would send to open a connection.
     *
     * @param srcMac source MAC (the host's MAC on the link)
     * @param dstMac the guest's MAC
     * @param srcIp source IPv4 as 32 bits
     * @param dstIp the guest's IPv4 as 32 bits
     * @param srcPort source port
     * @param dstPort the guest's port
     * @param seq initial sequence number
     * @param ipId IPv4 identification
     * @return the frame
     */
    public static byte[] tcpSyn(byte[] srcMac, byte[] dstMac, int srcIp, int dstIp, int srcPort, int dstPort,
            int seq, int ipId) {
        byte[] f = new byte[ETH_HLEN + IPV4_HLEN + TCP_SYN_HLEN];
        ethernet(f, dstMac, srcMac, ETHERTYPE_IPV4);
        ipv4(f, IPV4_HLEN + TCP_SYN_HLEN, ipId, PROTO_TCP, srcIp, dstIp);
        int t = ETH_HLEN + IPV4_HLEN;
        put16(f, t, srcPort);
        put16(f, t + 2, dstPort);
        put32(f, t + 4, seq);
        put32(f, t + 8, 0);
        f[t + 12] = (byte) ((TCP_SYN_HLEN / 4) << 4);
        f[t + 13] = (byte) TCP_SYN;
        put16(f, t + 14, 64240);
        // checksum at t+16 filled below, urgent pointer 0
        f[t + 20] = 2; // MSS
        f[t + 21] = 4;
        put16(f, t + 22, 1460);
        put16(f, t + 16, l4Checksum(f, t, TCP_SYN_HLEN, PROTO_TCP, srcIp, dstIp));
        return f;
    }

    /**
     * An ICMP echo request.
     *
     * @param srcMac source MAC
     * @param dstMac the guest's MAC
     * @param srcIp source IPv4
     * @param dstIp the guest's IPv4
     * @param id echo identifier
     * @param seq echo sequence number (16 bits)
     * @param payload data after the 8-byte ICMP header
     * @param ipId IPv4 identification
     * @return the frame
     */
    public static byte[] icmpEchoRequest(byte[] srcMac, byte[] dstMac, int srcIp, int dstIp, int id, int seq,
            byte[] payload, int ipId) {
        int icmpLen = 8 + payload.length;
        byte[] f = new byte[ETH_HLEN + IPV4_HLEN + icmpLen];
        ethernet(f, dstMac, srcMac, ETHERTYPE_IPV4);
        ipv4(f, IPV4_HLEN + icmpLen, ipId, PROTO_ICMP, srcIp, dstIp);
        int o = ETH_HLEN + IPV4_HLEN;
        f[o] = (byte) ICMP_ECHO_REQUEST;
        f[o + 1] = 0;
        put16(f, o + 4, id);
        put16(f, o + 6, seq);
        System.arraycopy(payload, 0, f, o + 8, payload.length);
        put16(f, o + 2, checksum(f, o, icmpLen, 0));
        return f;
    }

    /**
     * A broadcast ARP request "who has {@code targetIp}, tell {@code srcIp}".
     *
     * @param srcMac sender MAC
     * @param srcIp sender IPv4
     * @param targetIp the address asked for
     * @return the frame
     */
    public static byte[] arpRequest(byte[] srcMac, int srcIp, int targetIp) {
        return arp(ARP_REQUEST, BROADCAST, srcMac, srcIp, new byte[6], targetIp);
    }

    /**
     * A unicast ARP reply "{@code srcIp} is at {@code srcMac}".
     *
     * @param srcMac the MAC answered
     * @param srcIp the address asked for
     * @param dstMac who asked
     * @param dstIp their address
     * @return the frame
     */
    public static byte[] arpReply(byte[] srcMac, int srcIp, byte[] dstMac, int dstIp) {
        return arp(ARP_REPLY, dstMac, srcMac, srcIp, dstMac, dstIp);
    }

    private static byte[] arp(int op, byte[] ethDst, byte[] sha, int spa, byte[] tha, int tpa) {
        byte[] f = new byte[ETH_HLEN + 28];
        ethernet(f, ethDst, sha, ETHERTYPE_ARP);
        int o = ETH_HLEN;
        put16(f, o, 1);
        put16(f, o + 2, ETHERTYPE_IPV4);
        f[o + 4] = 6;
        f[o + 5] = 4;
        put16(f, o + 6, op);
        System.arraycopy(sha, 0, f, o + 8, 6);
        put32(f, o + 14, spa);
        System.arraycopy(tha, 0, f, o + 18, 6);
        put32(f, o + 24, tpa);
        return f;
    }

    private static void ethernet(byte[] f, byte[] dst, byte[] src, int type) {
        System.arraycopy(dst, 0, f, 0, 6);
        System.arraycopy(src, 0, f, 6, 6);
        put16(f, 12, type);
    }

    private static void ipv4(byte[] f, int totalLength, int id, int proto, int src, int dst) {
        int o = ETH_HLEN;
        f[o] = 0x45;
        f[o + 1] = 0;
        put16(f, o + 2, totalLength);
        put16(f, o + 4, id);
        put16(f, o + 6, 0x4000); // don't fragment
        f[o + 8] = 64;
        f[o + 9] = (byte) proto;
        put32(f, o + 12, src);
        put32(f, o + 16, dst);
        put16(f, o + 10, checksum(f, o, IPV4_HLEN, 0));
    }

    private static int l4Checksum(byte[] f, int off, int len, int proto, int src, int dst) {
        long pseudo = (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + proto + len;
        return checksum(f, off, len, pseudo);
    }

    /**
     * The Internet checksum (RFC 1071) of a range, with an initial sum.
     *
     * @param b bytes
     * @param off start
     * @param len length
     * @param initial a partial sum to add (pseudo header), 0 for none
     * @return the 16-bit checksum to store
     */
    public static int checksum(byte[] b, int off, int len, long initial) {
        long sum = initial;
        int i = off;
        int end = off + len;
        for (; i + 1 < end; i += 2) {
            sum += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        }
        if (i < end) {
            sum += (b[i] & 0xff) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }

    // ---- reading ----

    /**
     * @param f a frame
     * @return its EtherType, or -1 when too short
     */
    public static int etherType(byte[] f) {
        return f.length < ETH_HLEN ? -1 : get16(f, 12);
    }

    /**
     * @param f a frame
     * @param mac six bytes
     * @return whether the frame's source MAC is {@code mac}
     */
    public static boolean sourceMacIs(byte[] f, byte[] mac) {
        return f.length >= ETH_HLEN && regionEquals(f, 6, mac);
    }

    /**
     * @param f a frame
     * @param mac six bytes
     * @return whether the frame's destination MAC is {@code mac}
     */
    public static boolean destMacIs(byte[] f, byte[] mac) {
        return f.length >= ETH_HLEN && regionEquals(f, 0, mac);
    }

    /**
     * @param f a frame
     * @return the offset of the layer-4 header of an unfragmented IPv4 packet, or -1
     */
    public static int l4Offset(byte[] f) {
        if (etherType(f) != ETHERTYPE_IPV4 || f.length < ETH_HLEN + IPV4_HLEN || (f[ETH_HLEN] & 0xf0) != 0x40) {
            return -1;
        }
        int ihl = (f[ETH_HLEN] & 0x0f) * 4;
        if (ihl < IPV4_HLEN || f.length < ETH_HLEN + ihl || (get16(f, ETH_HLEN + 6) & 0x1fff) != 0) {
            return -1;
        }
        return ETH_HLEN + ihl;
    }

    /**
     * @param f an IPv4 frame
     * @return its IP protocol number
     */
    public static int ipProtocol(byte[] f) {
        return f[ETH_HLEN + 9] & 0xff;
    }

    /**
     * @param f an IPv4 frame
     * @return its source address as 32 bits
     */
    public static int ipSource(byte[] f) {
        return get32(f, ETH_HLEN + 12);
    }

    /**
     * @param f an IPv4 frame
     * @return its destination address as 32 bits
     */
    public static int ipDestination(byte[] f) {
        return get32(f, ETH_HLEN + 16);
    }

    /**
     * @param f a frame
     * @param off offset
     * @return the unsigned 16-bit big-endian value there
     */
    public static int get16(byte[] f, int off) {
        return (f[off] & 0xff) << 8 | (f[off + 1] & 0xff);
    }

    /**
     * @param f a frame
     * @param off offset
     * @return the 32-bit big-endian value there
     */
    public static int get32(byte[] f, int off) {
        return (f[off] & 0xff) << 24 | (f[off + 1] & 0xff) << 16 | (f[off + 2] & 0xff) << 8 | (f[off + 3] & 0xff);
    }

    private static void put16(byte[] f, int off, int v) {
        f[off] = (byte) (v >>> 8);
        f[off + 1] = (byte) v;
    }

    private static void put32(byte[] f, int off, int v) {
        f[off] = (byte) (v >>> 24);
        f[off + 1] = (byte) (v >>> 16);
        f[off + 2] = (byte) (v >>> 8);
        f[off + 3] = (byte) v;
    }

    private static boolean regionEquals(byte[] f, int off, byte[] mac) {
        for (int i = 0; i < 6; i++) {
            if (f[off + i] != mac[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The fields of a TCP segment the boot detector matches on.
     *
     * @param srcIp source address
     * @param dstIp destination address
     * @param srcPort source port
     * @param dstPort destination port
     * @param seq sequence number
     * @param ack acknowledgement number
     * @param flags the flag bits (FIN 0x01 ... ACK 0x10)
     */
    public record Tcp(int srcIp, int dstIp, int srcPort, int dstPort, int seq, int ack, int flags) {
        /**
         * @param f a frame
         * @return the TCP header's fields, or null when the frame is not an IPv4 TCP segment
         */
        public static Tcp read(byte[] f) {
            int o = l4Offset(f);
            if (o < 0 || ipProtocol(f) != PROTO_TCP || f.length < o + 20) {
                return null;
            }
            return new Tcp(ipSource(f), ipDestination(f), get16(f, o), get16(f, o + 2), get32(f, o + 4),
                    get32(f, o + 8), f[o + 13] & 0x3f);
        }

        /** @return whether RST is set */
        public boolean rst() {
            return (flags & TCP_RST) != 0;
        }

        /** @return whether SYN and ACK are both set */
        public boolean synAck() {
            return (flags & (TCP_SYN | TCP_ACK)) == (TCP_SYN | TCP_ACK);
        }
    }

    /**
     * The fields of an ICMP echo message.
     *
     * @param type 0 reply, 8 request
     * @param srcIp source address
     * @param dstIp destination address
     * @param id identifier
     * @param seq sequence number
     */
    public record IcmpEcho(int type, int srcIp, int dstIp, int id, int seq) {
        /**
         * @param f a frame
         * @return the echo's fields, or null when it is not an ICMP echo request or reply
         */
        public static IcmpEcho read(byte[] f) {
            int o = l4Offset(f);
            if (o < 0 || ipProtocol(f) != PROTO_ICMP || f.length < o + 8) {
                return null;
            }
            int type = f[o] & 0xff;
            if (type != ICMP_ECHO_REPLY && type != ICMP_ECHO_REQUEST) {
                return null;
            }
            return new IcmpEcho(type, ipSource(f), ipDestination(f), get16(f, o + 4), get16(f, o + 6));
        }
    }

    /**
     * The fields of an Ethernet/IPv4 ARP message.
     *
     * @param op 1 request, 2 reply
     * @param senderMac sender hardware address
     * @param senderIp sender protocol address
     * @param targetIp target protocol address
     */
    public record Arp(int op, byte[] senderMac, int senderIp, int targetIp) {
        /**
         * @param f a frame
         * @return the ARP fields, or null when it is not an Ethernet/IPv4 ARP message
         */
        public static Arp read(byte[] f) {
            if (etherType(f) != ETHERTYPE_ARP || f.length < ETH_HLEN + 28) {
                return null;
            }
            int o = ETH_HLEN;
            if (get16(f, o) != 1 || get16(f, o + 2) != ETHERTYPE_IPV4 || f[o + 4] != 6 || f[o + 5] != 4) {
                return null;
            }
            byte[] sha = new byte[6];
            System.arraycopy(f, o + 8, sha, 0, 6);
            return new Arp(get16(f, o + 6), sha, get32(f, o + 14), get32(f, o + 24));
        }
    }
}
