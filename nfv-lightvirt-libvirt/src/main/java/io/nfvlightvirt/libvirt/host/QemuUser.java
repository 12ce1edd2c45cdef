package io.nfvlightvirt.libvirt.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The user and group QEMU runs as under libvirt's DAC security driver (Debian: libvirt-qemu,
 * 64055:64055), read from the host capabilities XML ({@code <secmodel><model>dac</model>
 * <baselabel type='qemu'>+64055:+64055</baselabel>}). Files handed to a guest whose domain has
 * {@code <seclabel type='none'/>} must be readable (disks: writable) by this user.
 *
 * @param uid numeric user id
 * @param gid numeric group id
 */
public record QemuUser(int uid, int gid) {
    private static final Pattern MODEL = Pattern.compile("<secmodel>\\s*<model>([A-Za-z0-9_.-]+)</model>");
    private static final Pattern BASELABEL = Pattern.compile(
            "<baselabel\\s+type=['\"](kvm|qemu)['\"]\\s*>\\s*\\+?(\\d+):\\+?(\\d+)\\s*</baselabel>");

    /**
     * @param capabilitiesXml the output of {@code virConnectGetCapabilities}
     * @return the host's security models, e.g. {@code [none, dac]} or {@code [selinux, dac]}
     */
    public static List<String> securityModels(String capabilitiesXml) {
        List<String> models = new ArrayList<>();
        Matcher m = MODEL.matcher(capabilitiesXml);
        while (m.find()) {
            models.add(m.group(1));
        }
        return models;
    }

    /**
     * @param capabilitiesXml the output of {@code virConnectGetCapabilities}
     * @return the QEMU user, or empty when libvirt runs QEMU without the DAC driver (as root)
     */
    public static Optional<QemuUser> fromCapabilities(String capabilitiesXml) {
        Matcher m = BASELABEL.matcher(capabilitiesXml);
        if (m.find()) {
            return Optional.of(new QemuUser(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
        }
        return Optional.empty();
    }
}
