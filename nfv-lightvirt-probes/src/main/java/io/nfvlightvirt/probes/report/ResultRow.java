package io.nfvlightvirt.probes.report;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * This host's figures for one backend and guest kind: the draft's five measurements, with what
 * produced them. A null figure was not measured; {@link #notes()} then says why under the
 * figure's name, so a report never leaves a cell empty without a reason.
 *
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
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(guestKind, "guestKind");
        Objects.requireNonNull(accelerator, "accelerator");
        notes = Map.copyOf(new LinkedHashMap<>(notes));
    }

    /** @return the draft's name for this row's technology, or {@code backend/guestKind} */
    public String technology() {
        return draft != null ? draft.technology() : backend + "/" + guestKind;
    }
}
