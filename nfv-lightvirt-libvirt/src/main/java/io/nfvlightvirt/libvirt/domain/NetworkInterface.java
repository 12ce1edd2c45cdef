package io.nfvlightvirt.libvirt.domain;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** A guest NIC. Either a tap the caller created ({@link Ethernet}) or a tap libvirt makes on a bridge ({@link Bridge}). */
public sealed interface NetworkInterface {
    /** Linux interface names: 1-15 characters, no '/', ':' or white space. */
    Pattern LINK_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,15}");
    /** Unicast MAC in lower-case colon form. */
    Pattern MAC = Pattern.compile("([0-9a-f]{2}:){5}[0-9a-f]{2}");

    /** @return the guest's MAC */
    String mac();

    /** @return the NIC model, e.g. {@code virtio} */
    String model();

    /**
     * {@code <interface type='ethernet'>} with {@code <target dev='TAP' managed='no'/>}: QEMU opens
     * a tap that already exists (created, attached to a bridge and later removed by the caller).
     *
     * @param tap the existing tap's name
     * @param mac the guest's MAC
     * @param model NIC model ({@code virtio})
     */
    record Ethernet(String tap, String mac, String model) implements NetworkInterface {
        /** Checks the values. */
        public Ethernet {
            checkName("tap", tap);
            checkMac(mac);
            Objects.requireNonNull(model, "model");
        }
    }

    /**
     * {@code <interface type='bridge'>}: libvirt creates a tap (named {@code tap} when given), adds
     * it to the bridge, and deletes it when the guest stops.
     *
     * @param bridge the existing bridge
     * @param tap the tap name libvirt should use, or empty for libvirt's {@code vnetN}
     * @param mac the guest's MAC
     * @param model NIC model ({@code virtio}, or empty for Xen's default)
     */
    record Bridge(String bridge, Optional<String> tap, String mac, String model) implements NetworkInterface {
        /** Checks the values. */
        public Bridge {
            checkName("bridge", bridge);
            Objects.requireNonNull(tap, "tap");
            tap.ifPresent(t -> checkName("tap", t));
            checkMac(mac);
            Objects.requireNonNull(model, "model");
        }
    }

    private static void checkName(String what, String name) {
        if (name == null || !LINK_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " name must be 1-15 characters of letters, digits, '_', '.', '-', was '" + name + "'");
        }
    }

    private static void checkMac(String mac) {
        if (mac == null || !MAC.matcher(mac).matches()) {
            throw new IllegalArgumentException("mac must be six lower-case hex pairs separated by ':', was '" + mac + "'");
        }
    }
}
