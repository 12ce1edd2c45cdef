package io.nfvlightvirt.probes.report;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * This host's figures for one backend and guest kind: the draft's five measurements, with what
 * produced them. A null figure was not measured; {@link #notes()} then says why under the
 * figure's name, so a report never leaves a cell empty without a reason.
 *
 * @param technology what ran, named as the draft names its rows: {@code container.docker},
 *     {@code tinyx.kvm}, {@code unikernel.unikraft.kvm}; the draft's row for comparison is {@link #draft()}
 * @param backend backend id, e.g. {@code kvm}
 * @param guestKind guest kind name, e.g. {@code TINYX}
 * @param accelerator what ran the guest: {@code kvm}, {@code tcg}, {@code runc}, ...
 * @param engine the engine and its version, e.g. {@code Docker Engine 20.10.24}
 * @param image what the guest booted (provenance)
 * @param bootMs instantiation time: create until the first answer to a SYN, in ms
 * @param txGbps host-to-guest TCP throughput, Gbit/s
 * @param rxGbps guest-to-host TCP throughput, Gbit/s
 * @param throughputMode {@code iperf3} or {@code plain-tcp (discard/chargen)}
 * @param rttMs round-trip times under a ping flood
 * @param imageMB image size in MB (10^6 bytes, as {@code ls} and the draft count)
 * @param memoryMB memory in use in MB (10^6 bytes)
 * @param notes why a figure is missing or how it was measured, keyed by figure name
 * @param draft the draft's figures for the same technology, or null where it has none
 */
public record ResultRow(
        String technology,
        String backend,
        String guestKind,
        String accelerator,
        String engine,
        String image,
        Summary bootMs,
        Double txGbps,
        Double rxGbps,
        String throughputMode,
        RttFigures rttMs,
        Double imageMB,
        Double memoryMB,
        Map<String, String> notes,
        DraftRow draft) {

    /** Checks the identifying fields and copies the notes. */
    public ResultRow {
        Objects.requireNonNull(technology, "technology");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(guestKind, "guestKind");
        Objects.requireNonNull(accelerator, "accelerator");
        notes = Map.copyOf(new LinkedHashMap<>(notes));
    }

    /**
     * The draft's way of naming a technology, for a row of ours: {@code <kind>[.<flavour>].<backend>}.
     *
     * @param backend backend id
     * @param guestKind guest kind name
     * @param image what the guest booted (its description), used to name a unikernel or a stand-in kernel
     * @return e.g. {@code standardvm.kvm}, {@code tinyx.kvm}, {@code tinyx.cloudkernel.kvm},
     *     {@code unikernel.unikraft.kvm}, {@code container.docker}
     */
    public static String technologyOf(String backend, String guestKind, String image) {
        String img = image == null ? "" : image.toLowerCase(java.util.Locale.ROOT);
        String kind = switch (guestKind) {
            case "STANDARD_VM" -> "standardvm";
            case "TINYX" -> img.contains("cloud kernel") ? "tinyx.cloudkernel" : "tinyx";
            case "UNIKERNEL" -> img.contains("unikraft") || img.contains("nfvsink") ? "unikernel.unikraft"
                    : img.contains("osv") ? "unikernel.osv" : img.contains("mirage") ? "unikernel.mirage" : "unikernel";
            case "CONTAINER" -> "container";
            default -> guestKind.toLowerCase(java.util.Locale.ROOT);
        };
        return kind + "." + backend;
    }
}
