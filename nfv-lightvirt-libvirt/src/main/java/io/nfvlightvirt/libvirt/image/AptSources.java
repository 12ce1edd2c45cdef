package io.nfvlightvirt.libvirt.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the Debian mirror the host's apt already uses, so that debootstrap downloads from a mirror
 * known to be reachable. Reads the one-line format ({@code sources.list}, {@code *.list}) and the
 * deb822 format ({@code *.sources}), and skips disabled entries.
 */
final class AptSources {
    /** One usable source: URI, suites, components. */
    record Source(String uri, List<String> suites, List<String> components) {}

    private AptSources() {}

    /**
     * @param aptDir usually {@code /etc/apt}
     * @param suite e.g. {@code bookworm}
     * @return the first source whose suites include {@code suite} exactly and whose components include main
     */
    static Optional<String> mirrorFor(Path aptDir, String suite) {
        return read(aptDir).stream()
                .filter(s -> s.suites().contains(suite) && s.components().contains("main"))
                .map(Source::uri)
                .findFirst();
    }

    /**
     * @param aptDir usually {@code /etc/apt}
     * @return every enabled {@code deb} source, sources.list first, then sources.list.d in name order
     */
    static List<Source> read(Path aptDir) {
        List<Source> out = new ArrayList<>();
        try {
            Path main = aptDir.resolve("sources.list");
            if (Files.isRegularFile(main)) {
                out.addAll(parseOneLine(Files.readString(main, StandardCharsets.UTF_8)));
            }
            Path d = aptDir.resolve("sources.list.d");
            if (Files.isDirectory(d)) {
                List<Path> files = new ArrayList<>();
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(d)) {
                    ds.forEach(files::add);
                }
                files.sort(null);
                for (Path f : files) {
                    String name = f.getFileName().toString();
                    if (name.endsWith(".list")) {
                        out.addAll(parseOneLine(Files.readString(f, StandardCharsets.UTF_8)));
                    } else if (name.endsWith(".sources")) {
                        out.addAll(parseDeb822(Files.readString(f, StandardCharsets.UTF_8)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read apt sources under " + aptDir, e);
        }
        return out;
    }

    /**
     * @param text lines like {@code deb [signed-by=...] http://deb.debian.org/debian bookworm main}
     * @return the {@code deb} lines as sources
     */
    static List<Source> parseOneLine(String text) {
        List<Source> out = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String line = raw.replaceFirst("#.*", "").strip();
            if (!line.startsWith("deb ") && !line.startsWith("deb\t")) {
                continue;
            }
            line = line.substring(3).strip();
            if (line.startsWith("[")) {
                int close = line.indexOf(']');
                if (close < 0) {
                    continue;
                }
                line = line.substring(close + 1).strip();
            }
            String[] f = line.split("\\s+");
            if (f.length >= 3) {
                out.add(new Source(f[0], List.of(f[1]), List.of(Arrays.copyOfRange(f, 2, f.length))));
            }
        }
        return out;
    }

    /**
     * @param text deb822 stanzas ({@code Types:}, {@code URIs:}, {@code Suites:}, {@code Components:}, {@code Enabled:})
     * @return one source per URI of each enabled {@code deb} stanza
     */
    static List<Source> parseDeb822(String text) {
        List<Source> out = new ArrayList<>();
        for (String stanza : text.split("\n\\s*\n")) {
            Map<String, String> fields = new HashMap<>();
            String last = null;
            for (String raw : stanza.split("\n")) {
                if (raw.startsWith("#") || raw.isBlank()) {
                    continue;
                }
                if ((raw.startsWith(" ") || raw.startsWith("\t")) && last != null) {
                    fields.merge(last, " " + raw.strip(), String::concat);
                    continue;
                }
                int colon = raw.indexOf(':');
                if (colon > 0) {
                    last = raw.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                    fields.put(last, raw.substring(colon + 1).strip());
                }
            }
            if ("no".equalsIgnoreCase(fields.getOrDefault("enabled", "yes"))
                    || !List.of(fields.getOrDefault("types", "").split("\\s+")).contains("deb")) {
                continue;
            }
            List<String> suites = words(fields.get("suites"));
            List<String> components = words(fields.get("components"));
            for (String uri : words(fields.get("uris"))) {
                out.add(new Source(uri, suites, components));
            }
        }
        return out;
    }

    private static List<String> words(String s) {
        return s == null || s.isBlank() ? List.of() : List.of(s.strip().split("\\s+"));
    }
}
