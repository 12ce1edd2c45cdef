package io.nfvlightvirt.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nfvlightvirt.BackendConfig;
import io.nfvlightvirt.BackendUnavailableException;
import io.nfvlightvirt.GuestKind;
import io.nfvlightvirt.Ownership;
import io.nfvlightvirt.VirtualizationBackend;
import io.nfvlightvirt.VnfInstance;
import io.nfvlightvirt.VnfSpec;
import io.nfvlightvirt.spi.Availability;
import io.nfvlightvirt.testkit.EngineRequirement;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine that is missing, refuses, never answers, or goes away after the backend was opened:
 * the probe says which, and every operation fails with {@link BackendUnavailableException}. The
 * shared dockerd is never stopped: the backend is pointed at addresses where nothing answers, or at
 * a proxy to the real socket that the test then takes away.
 */
@Tag("docker")
class DockerEngineUnavailableIT {
    private final DockerBackendProvider provider = new DockerBackendProvider();
    private final String owner = ItOwners.fresh("gone");

    @TempDir
    Path dir;

    @BeforeEach
    void requireEngine() {
        EngineRequirement.require(provider, BackendConfig.defaults().withOwner(owner));
    }

    @AfterEach
    void cleanUpThroughTheRealSocket() {
        try (VirtualizationBackend b = provider.open(BackendConfig.defaults().withOwner(owner))) {
            for (VnfInstance i : b.list()) {
                b.destroy(i.id());
            }
        }
        assertThat(DockerCli.containers(Ownership.OWNER + "=" + owner)).isEmpty();
        assertThat(DockerCli.networks(Ownership.OWNER + "=" + owner)).isEmpty();
    }

    private BackendConfig at(String uri) {
        return BackendConfig.defaults().withOwner(owner).withEngineUri(URI.create(uri));
    }

    @Test
    void aMissingUnixSocketIsNamedAndOpenFails() {
        Path sock = dir.resolve("docker.sock");
        Availability a = provider.probe(at("unix://" + sock));
        assertThat(a.usable()).isFalse();
        assertThat(a.reason()).contains("no Docker socket at " + sock).contains("start dockerd");
        assertThatThrownBy(() -> provider.open(at("unix://" + sock)))
                .isInstanceOf(BackendUnavailableException.class).hasMessageContaining(sock.toString());
    }

    @Test
    void aStaleSocketFileWithNothingBehindItIsRefused() throws Exception {
        Path sock = dir.resolve("stale.sock");
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(sock));
        }
        assertThat(Files.exists(sock)).isTrue();
        Availability a = provider.probe(at("unix://" + sock));
        assertThat(a.usable()).isFalse();
        assertThat(a.reason()).contains(sock.toString()).containsIgnoringCase("refused");
        assertThatThrownBy(() -> provider.open(at("unix://" + sock))).isInstanceOf(BackendUnavailableException.class);
    }

    @Test
    void aTcpPortNobodyListensOnIsRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String uri = "tcp://127.0.0.1:" + port;
        Availability a = provider.probe(at(uri));
        assertThat(a.usable()).isFalse();
        assertThat(a.reason()).contains(uri).containsIgnoringCase("refused");
        assertThatThrownBy(() -> provider.open(at(uri))).isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining(uri);
    }

    @Test
    void anEngineThatNeverAnswersIsReportedWithinTheProbesDeadline() throws Exception {
        try (EngineProxy hole = EngineProxy.unix(dir.resolve("hole.sock"), true)) {
            long t0 = System.nanoTime();
            Availability a = provider.probe(at(hole.uri()));
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(a.usable()).isFalse();
            assertThat(a.reason()).contains("did not answer in time");
            assertThat(took).as("the probe gives up after its short deadline").isLessThan(Duration.ofSeconds(15));
        }
    }

    @Test
    void operationsFailWithBackendUnavailableOnceTheEngineGoesAway() throws Exception {
        EngineProxy proxy = EngineProxy.unix(dir.resolve("proxy.sock"), false);
        VirtualizationBackend b = provider.open(at(proxy.uri()));
        try {
            VnfInstance i = b.run(VnfSpec.builder("gone-a", GuestKind.CONTAINER).memoryMiB(32).build());
            assertThat(b.list()).extracting(VnfInstance::id).containsExactly(i.id());

            proxy.close();

            assertThatThrownBy(b::list).isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining(proxy.uri()).hasMessageContaining("start dockerd");
            assertThatThrownBy(() -> b.inspect(i.id())).isInstanceOf(BackendUnavailableException.class);
            assertThatThrownBy(() -> b.stop(i.id())).isInstanceOf(BackendUnavailableException.class);
            assertThatThrownBy(() -> b.create(VnfSpec.builder("gone-b", GuestKind.CONTAINER).memoryMiB(32).build()))
                    .isInstanceOf(BackendUnavailableException.class);
            assertThatThrownBy(() -> b.destroy(i.id())).isInstanceOf(BackendUnavailableException.class);
            assertThat(provider.probe(at(proxy.uri())).reason()).contains("no Docker socket");
        } finally {
            b.close();
            proxy.close();
        }
    }
}
