package io.nfvlightvirt.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nfvlightvirt.BackendConfig;
import io.nfvlightvirt.InvalidSpecException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerSettingsTest {
    private static final BackendConfig BASE = BackendConfig.defaults().withOwner("t1");

    @Test
    void defaultsToTheLocalSocketWhenNothingIsSet() {
        DockerSettings s = DockerSettings.from(BASE, k -> null);
        assertThat(s.engineUri()).isEqualTo(URI.create("unix:///var/run/docker.sock"));
        assertThat(s.engineUriSource()).isEqualTo("default");
        assertThat(s.localSocket()).isTrue();
        assertThat(s.keepImage()).isFalse();
        assertThat(s.stopTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.subnet()).isEmpty();
        assertThat(s.iperf3()).isEqualTo(Path.of("/usr/bin/iperf3"));
    }

    @Test
    void dockerHostIsUsedWhenTheConfigNamesNoEngine() {
        DockerSettings s = DockerSettings.from(BASE, Map.of("DOCKER_HOST", "tcp://10.0.0.2:2375")::get);
        assertThat(s.engineUri()).isEqualTo(URI.create("tcp://10.0.0.2:2375"));
        assertThat(s.describeEngine()).contains("DOCKER_HOST");
        assertThat(s.localSocket()).isFalse();
    }

    @Test
    void theConfigsEngineUriWinsOverDockerHost() {
        DockerSettings s = DockerSettings.from(BASE.withEngineUri(URI.create("unix:///tmp/d.sock")),
                Map.of("DOCKER_HOST", "tcp://10.0.0.2:2375")::get);
        assertThat(s.engineUri()).isEqualTo(URI.create("unix:///tmp/d.sock"));
    }

    @Test
    void unknownOptionsAreRejectedNamingTheKeyAndTheAllowedOnes() {
        assertThatThrownBy(() -> DockerSettings.from(BASE.withOption("network.subent", "10.1.0.0/24"), k -> null))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("network.subent")
                .hasMessageContaining("network.subnet").hasMessageContaining("image.keep").hasMessageContaining("stop.timeout");
    }

    @Test
    void malformedOptionValuesAreRejected() {
        assertThatThrownBy(() -> DockerSettings.from(BASE.withOption("image.keep", "yes"), k -> null))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("true or false");
        assertThatThrownBy(() -> DockerSettings.from(BASE.withOption("stop.timeout", "-1"), k -> null))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("stop.timeout");
        assertThatThrownBy(() -> DockerSettings.from(BASE.withOption("network.subnet", "10.1.0.1/24"), k -> null))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("network.subnet");
    }

    @Test
    void optionsAreRead() {
        DockerSettings s = DockerSettings.from(BASE.withOption("network.subnet", "10.99.0.0/24").withOption("image.keep", "true")
                .withOption("stop.timeout", "0").withOption("builtin.busybox", "/opt/bb"), k -> null);
        assertThat(s.subnet()).get().hasToString("10.99.0.0/24");
        assertThat(s.keepImage()).isTrue();
        assertThat(s.stopTimeout()).isZero();
        assertThat(s.busybox()).isEqualTo(Path.of("/opt/bb"));
    }

    @Test
    void engineUrisOtherThanUnixAndTcpAreRejected() {
        assertThatThrownBy(() -> DockerSettings.from(BASE.withEngineUri(URI.create("ssh://host")), k -> null))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("engineUri");
        assertThatThrownBy(() -> DockerSettings.from(BASE.withEngineUri(URI.create("tcp://host")), k -> null))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> DockerSettings.from(BASE, Map.of("DOCKER_HOST", "tcp://a b")::get))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("DOCKER_HOST");
    }
}
