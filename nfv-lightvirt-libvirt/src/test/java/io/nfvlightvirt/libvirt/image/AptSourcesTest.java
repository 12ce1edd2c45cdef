package io.nfvlightvirt.libvirt.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AptSourcesTest {
    @TempDir
    Path apt;

    @Test
    void readsTheDeb822FileOfADebian12Host() throws IOException {
        Files.createDirectories(apt.resolve("sources.list.d"));
        Files.writeString(apt.resolve("sources.list.d/debian.sources"), """
                Types: deb
                # http://snapshot.debian.org/archive/debian/20250520T000000Z
                URIs: http://deb.debian.org/debian
                Suites: bookworm bookworm-updates
                Components: main
                Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

                Types: deb
                URIs: http://deb.debian.org/debian-security
                Suites: bookworm-security
                Components: main
                Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
                """);
        Files.writeString(apt.resolve("sources.list.d/other.list.disabled-by-farm"), "deb https://elsewhere.example/apt bookworm main\n");
        assertThat(AptSources.mirrorFor(apt, "bookworm")).contains("http://deb.debian.org/debian");
    }

    @Test
    void skipsDisabledStanzasSourceOnlyStanzasAndOtherSuites() {
        List<AptSources.Source> s = AptSources.parseDeb822("""
                Types: deb
                URIs: http://disabled.example/debian
                Suites: bookworm
                Components: main
                Enabled: no

                Types: deb-src
                URIs: http://src.example/debian
                Suites: bookworm
                Components: main

                Types: deb deb-src
                URIs: http://a.example/debian http://b.example/debian
                Suites: bookworm
                Components: main contrib
                """);
        assertThat(s).extracting(AptSources.Source::uri).containsExactly("http://a.example/debian", "http://b.example/debian");
    }

    @Test
    void readsOneLineSourcesWithOptions() {
        List<AptSources.Source> s = AptSources.parseOneLine("""
                # a comment
                deb-src http://src.example/debian bookworm main
                deb [arch=amd64 signed-by=/usr/share/keyrings/k.gpg] http://mirror.example/debian bookworm main contrib # trailing
                deb http://security.debian.org/debian-security bookworm-security main
                """);
        assertThat(s).hasSize(2);
        assertThat(s.get(0)).isEqualTo(new AptSources.Source("http://mirror.example/debian", List.of("bookworm"), List.of("main", "contrib")));
    }

    @Test
    void sourcesListComesBeforeSourcesListD() throws IOException {
        Files.writeString(apt.resolve("sources.list"), "deb http://first.example/debian bookworm main\n");
        Files.createDirectories(apt.resolve("sources.list.d"));
        Files.writeString(apt.resolve("sources.list.d/a.list"), "deb http://second.example/debian bookworm main\n");
        assertThat(AptSources.mirrorFor(apt, "bookworm")).contains("http://first.example/debian");
    }

    @Test
    void noMatchingSourceIsEmpty() throws IOException {
        Files.writeString(apt.resolve("sources.list"), "deb http://x.example/debian bookworm-security main\n");
        assertThat(AptSources.mirrorFor(apt, "bookworm")).isEmpty();
    }
}
