package io.nfvlightvirt.kvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProbeKernelTest {
    @Test
    void isAValidMultibootImageThatPrintsTheMarker() {
        byte[] image = ProbeKernel.image();
        ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt(0);
        int flags = b.getInt(4);
        int checksum = b.getInt(8);
        assertThat(magic).isEqualTo(0x1BADB002);
        assertThat(magic + flags + checksum).as("multiboot checksum").isZero();
        assertThat(flags & 0x00010000).as("a.out kludge: addresses given").isNotZero();
        assertThat(b.getInt(28)).as("entry right after the header").isEqualTo(0x100020);
        StringBuilder printed = new StringBuilder();
        for (int i = 36; i + 2 < image.length; i += 3) {
            if ((image[i] & 0xff) != 0xB0 || (image[i + 2] & 0xff) != 0xEE) {
                break;
            }
            printed.append((char) image[i + 1]);
        }
        assertThat(printed.toString()).isEqualTo(ProbeKernel.MARKER + "\n");
        assertThat(new String(image, StandardCharsets.ISO_8859_1)).doesNotContain("HdrS");
    }
}
