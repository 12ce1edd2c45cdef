package io.nfvlightvirt.libvirt.domain;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A file-backed virtio disk ({@code <disk type='file' device='disk'>}).
 *
 * @param source the image file
 * @param format {@code qcow2} or {@code raw}
 * @param target the guest device name, e.g. {@code vda} (QEMU) or {@code xvda} (Xen)
 * @param bus {@code virtio} (QEMU) or {@code xen}
 * @param readOnly whether the guest may not write
 */
public record DiskDevice(Path source, String format, String target, String bus, boolean readOnly) {
    private static final Pattern TARGET = Pattern.compile("[a-z]{2,4}[a-z0-9]{0,4}");

    /** Checks the values. */
    public DiskDevice {
        Objects.requireNonNull(source, "source");
        XmlText.check("disk source", source.toString());
        if (!format.equals("qcow2") && !format.equals("raw")) {
            throw new IllegalArgumentException("disk format must be qcow2 or raw, was '" + format + "'");
        }
        if (!TARGET.matcher(target).matches()) {
            throw new IllegalArgumentException("disk target must look like vda or xvda, was '" + target + "'");
        }
        if (!bus.equals("virtio") && !bus.equals("xen") && !bus.equals("sata")) {
            throw new IllegalArgumentException("disk bus must be virtio, xen or sata, was '" + bus + "'");
        }
    }

    /**
     * @param source a qcow2 image
     * @return a writable virtio disk {@code vda}
     */
    public static DiskDevice virtioQcow2(Path source) {
        return new DiskDevice(source, "qcow2", "vda", "virtio", false);
    }
}
