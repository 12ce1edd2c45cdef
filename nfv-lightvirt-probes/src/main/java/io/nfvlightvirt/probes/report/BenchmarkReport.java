package io.nfvlightvirt.probes.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything one benchmark run produced: where it ran, how it was configured, each row's figures,
 * and the draft's figures it is compared with.
 *
 * @param host facts about the host
 * @param settings how the run was configured (repetitions, durations, backends asked for)
 * @param startedAt when the run began
 * @param finishedAt when it ended
 * @param results one row per backend and guest kind
 * @param draftSource where the draft's figures come from
 * @param draftRows the draft's rows, including those with no row of ours
 */
public record BenchmarkReport(HostFacts host, Map<String, String> settings, Instant startedAt, Instant finishedAt,
        List<ResultRow> results, String draftSource, List<DraftRow> draftRows) {
    /** Copies the lists. */
    public BenchmarkReport {
        settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
        results = List.copyOf(results);
        draftRows = List.copyOf(draftRows);
    }
}
