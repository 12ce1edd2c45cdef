package io.nfvlightvirt.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nfvlightvirt.BackendConfig;
import io.nfvlightvirt.BackendUnavailableException;
import io.nfvlightvirt.InvalidSpecException;
import io.nfvlightvirt.spi.Availability;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerBackendProviderTest {
    private static final BackendConfig BASE = BackendConfig.defaults().withOwner("unit");

    @Test
    void probeOfAMissingSocketNamesThePathAndWhatToStart(@TempDir Path dir) {
        Path sock = dir.resolve("docker.sock");
        Availability a = new DockerBackendProvider(k -> null).probe(BASE.withEngineUri(URI.create("unix://" + sock)));
        assertThat(a.usable()).isFalse();
        assertThat(a.reason()).contains("no Docker socket at " + sock).contains("start dockerd");
    }

    @Test
    void probeFollowsDockerHost(@TempDir Path dir) {
        Path sock = dir.resolve("elsewhere.sock");
        Availability a = new DockerBackendProvider(Map.of("DOCKER_HOST", "unix://" + sock)::get).probe(BASE);
        assertThat(a.reason()).contains(sock.toString()).contains("DOCKER_HOST");
    }

    @Test
    void probeOfARegularFileSaysItIsNoSocket(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("docker.sock"), "");
        Availability a = new DockerBackendProvider(k -> null).probe(BASE.withEngineUri(URI.create("unix://" + file)));
        assertThat(a.usable()).isFalse();
        assertThat(a.reason()).contains("is not a socket");
    }

    @Test
    void probeReportsAnInvalidConfigurationInsteadOfThrowing() {
        Availability a = new DockerBackendProvider(k -> null).probe(BASE.withOption("colour", "blue"));
        assertThat(a.usable()).isFalse();
        assertThat(a.reason()).contains("colour").contains("network.subnet");
    }

    @Test
    void openThrowsTheSpecificErrors(@TempDir Path dir) {
        DockerBackendProvider p = new DockerBackendProvider(k -> null);
        assertThatThrownBy(() -> p.open(BASE.withOption("colour", "blue"))).isInstanceOf(InvalidSpecException.class);
        assertThatThrownBy(() -> p.open(BASE.withEngineUri(URI.create("unix://" + dir.resolve("none.sock")))))
                .isInstanceOf(BackendUnavailableException.class).hasMessageContaining("none.sock");
    }

    @Test
    void anEngineOlderThanApi141IsReportedAsTooOld(@TempDir Path dir) throws Exception {
        try (FakeEngine old = new FakeEngine(dir.resolve("old.sock"), 400,
                "{\"message\":\"client version 1.41 is too new. Maximum supported API version is 1.40\"}")) {
            Availability a = new DockerBackendProvider(k -> null).probe(BASE.withEngineUri(URI.create(old.uri())));
            assertThat(a.usable()).isFalse();
            assertThat(a.reason()).contains("too old").contains("1.41").contains("Maximum supported API version is 1.40");
        }
    }

    @Test
    void anEngineThatDroppedApi141IsReported(@TempDir Path dir) throws Exception {
        try (FakeEngine young = new FakeEngine(dir.resolve("new.sock"), 400,
                "{\"message\":\"client version 1.41 is too old. Minimum supported API version is 1.44\"}")) {
            Availability a = new DockerBackendProvider(k -> null).probe(BASE.withEngineUri(URI.create(young.uri())));
            assertThat(a.usable()).isFalse();
            assertThat(a.reason()).contains("no longer speaks API 1.41").contains("1.44");
        }
    }

    @Test
    void anEngineReportingAnOlderApiVersionIsRefused(@TempDir Path dir) throws Exception {
        try (FakeEngine old = new FakeEngine(dir.resolve("v.sock"), 200,
                "{\"Version\":\"19.03.15\",\"ApiVersion\":\"1.40\",\"MinAPIVersion\":\"1.12\"}")) {
            Availability a = new DockerBackendProvider(k -> null).probe(BASE.withEngineUri(URI.create(old.uri())));
            assertThat(a.usable()).isFalse();
            assertThat(a.reason()).contains("19.03.15").contains("speaks API 1.40").contains("upgrade Docker");
        }
    }

    @Test
    void anEngineWithApi141IsUsableAndNamedInTheReason(@TempDir Path dir) throws Exception {
        try (FakeEngine ok = new FakeEngine(dir.resolve("ok.sock"), 200,
                "{\"Version\":\"20.10.24\",\"ApiVersion\":\"1.41\",\"MinAPIVersion\":\"1.12\"}")) {
            Availability a = new DockerBackendProvider(k -> null).probe(BASE.withEngineUri(URI.create(ok.uri())));
            assertThat(a.usable()).isTrue();
            assertThat(a.reason()).contains("Docker Engine 20.10.24").contains(ok.uri());
        }
    }

    @Test
    void idAndPriority() {
        DockerBackendProvider p = new DockerBackendProvider();
        assertThat(p.id()).isEqualTo("docker");
        assertThat(p.priority()).isEqualTo(300);
    }
}
