package io.nfvlightvirt.probes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.pcap4j.packet.ArpPacket;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IcmpV4CommonPacket;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.TcpPacket;
import org.pcap4j.packet.namednumber.ArpOperation;

/** Our frames, checked by pcap4j's independent packet parser. */
class FramesTest {
    private static final byte[] HOST_MAC = Addresses.mac("m", "02:aa:bb:cc:dd:01");
    private static final byte[] GUEST_MAC = Addresses.mac("m", "02:42:0a:d9:01:02");
    private static final int HOST = Addresses.toInt(Addresses.ipv4("ip", "10.217.1.1"));
    private static final int GUEST = Addresses.toInt(Addresses.ipv4("ip", "10.217.1.2"));

    @Test
    void synIsAValidTcpSegmentWithCorrectChecksums() throws Exception {
        byte[] f = Frames.tcpSyn(HOST_MAC, GUEST_MAC, HOST, GUEST, 43210, 80, 0x12345678, 7);
        EthernetPacket eth = EthernetPacket.newPacket(f, 0, f.length);
        IpV4Packet ip = eth.get(IpV4Packet.class);
        TcpPacket tcp = eth.get(TcpPacket.class);

        assertThat(eth.getHeader().getSrcAddr().toString()).isEqualTo("02:aa:bb:cc:dd:01");
        assertThat(eth.getHeader().getDstAddr().toString()).isEqualTo("02:42:0a:d9:01:02");
        assertThat(ip.getHeader().hasValidChecksum(false)).isTrue();
        assertThat(ip.getHeader().getSrcAddr()).isEqualTo(InetAddress.getByName("10.217.1.1"));
        assertThat(tcp.hasValidChecksum(InetAddress.getByName("10.217.1.1"), InetAddress.getByName("10.217.1.2"), false))
                .isTrue();
        assertThat(tcp.getHeader().getSyn()).isTrue();
        assertThat(tcp.getHeader().getAck()).isFalse();
        assertThat(tcp.getHeader().getSrcPort().valueAsInt()).isEqualTo(43210);
        assertThat(tcp.getHeader().getDstPort().valueAsInt()).isEqualTo(80);
        assertThat(tcp.getHeader().getSequenceNumber()).isEqualTo(0x12345678);
    }

    @Test
    void readingOurOwnSynGivesItsFields() {
        byte[] f = Frames.tcpSyn(HOST_MAC, GUEST_MAC, HOST, GUEST, 43210, 80, -5, 7);
        Frames.Tcp t = Frames.Tcp.read(f);

        assertThat(t).isEqualTo(new Frames.Tcp(HOST, GUEST, 43210, 80, -5, 0, Frames.TCP_SYN));
        assertThat(t.rst()).isFalse();
        assertThat(t.synAck()).isFalse();
    }

    @Test
    void aRstAndASynAckAreRecognised() {
        byte[] rst = Frames.tcpSyn(GUEST_MAC, HOST_MAC, GUEST, HOST, 80, 43210, 0, 1);
        rst[Frames.ETH_HLEN + 20 + 13] = (byte) (Frames.TCP_RST | Frames.TCP_ACK);
        byte[] synAck = Frames.tcpSyn(GUEST_MAC, HOST_MAC, GUEST, HOST, 80, 43210, 0, 1);
        synAck[Frames.ETH_HLEN + 20 + 13] = (byte) (Frames.TCP_SYN | Frames.TCP_ACK);

        assertThat(Frames.Tcp.read(rst).rst()).isTrue();
        assertThat(Frames.Tcp.read(synAck).synAck()).isTrue();
        assertThat(Frames.Tcp.read(synAck).rst()).isFalse();
    }

    @Test
    void echoRequestIsAValidIcmpMessage() throws Exception {
        byte[] payload = new byte[56];
        byte[] f = Frames.icmpEchoRequest(HOST_MAC, GUEST_MAC, HOST, GUEST, 0x4242, 513, payload, 9);
        EthernetPacket eth = EthernetPacket.newPacket(f, 0, f.length);

        assertThat(eth.get(IpV4Packet.class).getHeader().hasValidChecksum(false)).isTrue();
        assertThat(eth.get(IcmpV4CommonPacket.class).hasValidChecksum(false)).isTrue();
        assertThat(f.length).isEqualTo(14 + 20 + 8 + 56);
        assertThat(Frames.IcmpEcho.read(f))
                .isEqualTo(new Frames.IcmpEcho(Frames.ICMP_ECHO_REQUEST, HOST, GUEST, 0x4242, 513));
    }

    @Test
    void arpRequestAndReplyCarryTheAddresses() throws Exception {
        byte[] req = Frames.arpRequest(HOST_MAC, HOST, GUEST);
        byte[] rep = Frames.arpReply(GUEST_MAC, GUEST, HOST_MAC, HOST);
        ArpPacket r = EthernetPacket.newPacket(req, 0, req.length).get(ArpPacket.class);
        ArpPacket p = EthernetPacket.newPacket(rep, 0, rep.length).get(ArpPacket.class);

        assertThat(r.getHeader().getOperation()).isEqualTo(ArpOperation.REQUEST);
        assertThat(r.getHeader().getDstProtocolAddr()).isEqualTo(InetAddress.getByName("10.217.1.2"));
        assertThat(Frames.destMacIs(req, new byte[] {-1, -1, -1, -1, -1, -1})).isTrue();
        assertThat(p.getHeader().getOperation()).isEqualTo(ArpOperation.REPLY);
        assertThat(p.getHeader().getSrcHardwareAddr().toString()).isEqualTo("02:42:0a:d9:01:02");
        Frames.Arp parsed = Frames.Arp.read(rep);
        assertThat(parsed.op()).isEqualTo(Frames.ARP_REPLY);
        assertThat(parsed.senderIp()).isEqualTo(GUEST);
        assertThat(parsed.targetIp()).isEqualTo(HOST);
        assertThat(parsed.senderMac()).containsExactly(GUEST_MAC);
    }

    @Test
    void fragmentsShortFramesAndOtherProtocolsAreNotRead() {
        byte[] f = Frames.tcpSyn(HOST_MAC, GUEST_MAC, HOST, GUEST, 1, 2, 3, 4);
        byte[] frag = f.clone();
        frag[Frames.ETH_HLEN + 7] = 8; // fragment offset 8
        byte[] arp = Frames.arpRequest(HOST_MAC, HOST, GUEST);

        assertThat(Frames.Tcp.read(frag)).isNull();
        assertThat(Frames.Tcp.read(new byte[10])).isNull();
        assertThat(Frames.Tcp.read(arp)).isNull();
        assertThat(Frames.IcmpEcho.read(f)).isNull();
        assertThat(Frames.Arp.read(f)).isNull();
    }

    @Test
    void checksumOfRfc1071ExampleIsItsComplement() {
        // RFC 1071 section 3: the sum of 0001 f203 f4f5 f6f7 is ddf2 (one's complement), checksum 220d
        byte[] b = {0x00, 0x01, (byte) 0xf2, 0x03, (byte) 0xf4, (byte) 0xf5, (byte) 0xf6, (byte) 0xf7};
        assertThat(Frames.checksum(b, 0, b.length, 0)).isEqualTo(0x220d);
    }
}
