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
    void idAndPriority() {
        DockerBackendProvider p = new DockerBackendProvider();
        assertThat(p.id()).isEqualTo("docker");
        assertThat(p.priority()).isEqualTo(300);
    }
}
