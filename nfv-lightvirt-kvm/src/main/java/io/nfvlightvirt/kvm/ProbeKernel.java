package io.nfvlightvirt.kvm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The smallest guest there is: a 512-byte multiboot kernel (a.out kludge, loaded at 1 MiB by
 * QEMU's own multiboot loader) that writes {@link #MARKER} to the first serial port and halts.
 * Booting it under KVM with a deadline tells whether KVM guests actually run on this host.
 */
final class ProbeKernel {
    /** What the kernel prints on COM1. */
    static final String MARKER = "NFVLV-KVM-PROBE-OK";

    private static final int MAGIC = 0x1BADB002;
    private static final int FLAGS = 0x00010000; // addresses in the header are valid (a.out kludge)
    private static final int LOAD = 0x00100000;
    private static final int HEADER_SIZE = 32;

    private ProbeKernel() {}

    /** @return the kernel image */
    static byte[] image() {
        ByteBuffer b = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC);
        b.putInt(FLAGS);
        b.putInt(-(MAGIC + FLAGS));
        b.putInt(LOAD); // header_addr
        b.putInt(LOAD); // load_addr
        b.putInt(0); // load_end_addr: whole file
        b.putInt(0); // bss_end_addr: none
        b.putInt(LOAD + HEADER_SIZE); // entry_addr
        // 32-bit protected mode, paging off
        b.put(new byte[] {0x66, (byte) 0xBA, (byte) 0xF8, 0x03}); // mov dx, 0x3f8
        for (byte c : (MARKER + "\n").getBytes(StandardCharsets.US_ASCII)) {
            b.put((byte) 0xB0).put(c); // mov al, c
            b.put((byte) 0xEE); // out dx, al
        }
        b.put(new byte[] {(byte) 0xFA, (byte) 0xF4, (byte) 0xEB, (byte) 0xFD}); // cli; hlt; jmp hlt
        return b.array();
    }
}
