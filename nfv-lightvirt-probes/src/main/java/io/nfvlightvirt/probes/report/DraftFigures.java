package io.nfvlightvirt.probes.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The draft's section 4 figures, kept as data in this jar ({@code draft-03-section4.json}) with
 * their source, so every report can put this host's figures beside them.
 */
public final class DraftFigures {
    private static final String RESOURCE = "draft-03-section4.json";

    private final String source;
    private final List<DraftRow> rows;

    private DraftFigures(String source, List<DraftRow> rows) {
        this.source = source;
        this.rows = List.copyOf(rows);
    }

    /**
     * @return the figures shipped with the library
     * @throws UncheckedIOException when the resource cannot be read (a broken jar)
     */
    public static DraftFigures load() {
        try (InputStream in = DraftFigures.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("resource " + RESOURCE + " missing from the jar"));
            }
            JsonNode root = new ObjectMapper().readTree(in);
            List<DraftRow> rows = new ArrayList<>();
            for (JsonNode r : root.get("rows")) {
                rows.add(new DraftRow(r.get("technology").asText(), r.get("backend").asText(), r.get("guestKind").asText(),
                        r.get("bootMs").asDouble(), r.get("txGbps").asDouble(), r.get("rxGbps").asDouble(),
                        r.get("rttMs").asDouble(), r.get("imageMB").asDouble(), r.get("memoryMB").asDouble()));
            }
            return new DraftFigures(root.get("source").asText(), rows);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** @return where the figures come from (draft, section, test bed) */
    public String source() {
        return source;
    }

    /** @return every row, in the draft's order */
    public List<DraftRow> rows() {
        return rows;
    }

    /**
     * @param backend our backend id
     * @param guestKind our guest kind name
     * @return the draft's row for the same technology, if it has one
     */
    public Optional<DraftRow> rowFor(String backend, String guestKind) {
        return rows.stream().filter(r -> r.backend().equals(backend) && r.guestKind().equals(guestKind)).findFirst();
    }
}
