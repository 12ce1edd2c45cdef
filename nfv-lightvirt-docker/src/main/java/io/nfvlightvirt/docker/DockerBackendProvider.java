package io.nfvlightvirt.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Version;
import io.nfvlightvirt.BackendConfig;
import io.nfvlightvirt.BackendUnavailableException;
import io.nfvlightvirt.InvalidSpecException;
import io.nfvlightvirt.VirtualizationBackend;
import io.nfvlightvirt.spi.Availability;
import io.nfvlightvirt.spi.BackendProvider;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * Provider of the {@code docker} backend, found through {@link java.util.ServiceLoader}: VNFs as
 * containers on a real Docker Engine (API 1.41 or newer, reached through docker-java's zero-dependency
 * transport), with images built locally and no registry.
 *
 * <h2>Engine</h2>
 * {@link BackendConfig#engineUri()} ({@code unix:///var/run/docker.sock} or {@code tcp://host:port}),
 * else the {@code DOCKER_HOST} environment variable, else {@code unix:///var/run/docker.sock}.
 * {@link #probe} says precisely why an engine cannot be used: no socket, permission denied, nothing
 * answering, or an API older than 1.41.
 *
 * <h2>Backend options ({@link BackendConfig#options()}; any other key is rejected)</h2>
 * <ul>
 *   <li>{@code network.subnet}: IPv4 subnet (CIDR, /16 to /29) of the owner's bridge network, e.g.
 *       {@code 10.213.7.0/24}. Default: the first /24 of 10.213.0.0/16 overlapping no network on
 *       the engine and no address of this host. Give each owner its own subnet.</li>
 *   <li>{@code image.keep}: {@code true} to leave the built-in image on the engine when the backend
 *       closes (a later backend then starts without rebuilding it). Default {@code false}: closing
 *       removes built-in images no container uses any more.</li>
 *   <li>{@code stop.timeout}: seconds {@code stop} waits for the guest to exit before killing it,
 *       0..300, default 5.</li>
 *   <li>{@code builtin.iperf3}, {@code builtin.busybox}: the host binaries copied into the built-in
 *       image, default {@code /usr/bin/iperf3} and {@code /bin/busybox} (Debian's busybox-static).</li>
 * </ul>
 *
 * <h2>Spec options ({@link io.nfvlightvirt.VnfSpec#options()}; any other key is rejected)</h2>
 * <ul>
 *   <li>{@code runtime}: {@code runc} (the engine's default), {@code runsc} (gVisor; must be registered
 *       on the engine and pass a probe, else {@link io.nfvlightvirt.UnsupportedCapabilityException}),
 *       or another runtime the engine registers (else {@link InvalidSpecException}). It is the
 *       instance's {@link io.nfvlightvirt.VnfInstance#accelerator()}.</li>
 *   <li>{@code command}: a shell command line run with {@code /bin/sh -c} instead of the image's command.</li>
 * </ul>
 *
 * <h2>What an instance is</h2>
 * A container named {@code nfvlv-<owner>-<name>} from the built-in image ({@code iperf3 -s} on TCP
 * 5201 over busybox, assembled from this host's binaries and built {@code FROM scratch} through the
 * engine's build API, cached by content hash) or from an image the engine already has
 * ({@link io.nfvlightvirt.ImageRef#container(String)}; nothing is pulled). It sits on the owner's
 * network {@code nfvlv-<owner>} with a fixed IPv4 address and MAC (the spec's, or the next free
 * address and {@code 02:42:} + its bytes), and its {@link io.nfvlightvirt.VnfInstance#linkName()} is
 * that network's host bridge. Memory is a hard limit with no swap; CPU is capped at
 * {@code limits.cpus}, else at {@code vcpus} (at most the host's CPUs); {@code limits.pids} caps
 * processes. The container carries the {@link io.nfvlightvirt.Ownership} labels and the spec's
 * labels. Usage comes from the container's cgroup files (v1 or v2) when the engine is local, else
 * from the engine's stats API; {@link io.nfvlightvirt.Usage#source()} says which.
 * {@code unwrap(com.github.dockerjava.api.DockerClient.class)} gives the docker-java client.
 */
public final class DockerBackendProvider implements BackendProvider {
    /** The id users select this backend by. */
    public static final String ID = "docker";

    private static final Duration PROBE_CONNECT = Duration.ofSeconds(1);
    private static final Duration PROBE_RESPONSE = Duration.ofSeconds(3);
    private static final Duration CONNECT = Duration.ofSeconds(5);
    private static final Duration RESPONSE = Duration.ofMinutes(5);
    private static final Duration OPEN_DEADLINE = Duration.ofSeconds(15);

    private final Function<String, String> environment;

    /** Does no I/O. */
    public DockerBackendProvider() {
        this(System::getenv);
    }

    /**
     * @param environment how environment variables ({@code DOCKER_HOST}) are looked up; for tests
     */
    DockerBackendProvider(Function<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int priority() {
        return 300;
    }

    @Override
    public Availability probe(BackendConfig config) {
        DockerSettings settings;
        try {
            settings = DockerSettings.from(config, environment);
        } catch (InvalidSpecException e) {
            return Availability.unusable("the docker backend's configuration is invalid: " + e.getMessage());
        }
        try {
            EngineConnector.preflight(settings);
            DockerClient client = EngineConnector.client(settings, PROBE_CONNECT, PROBE_RESPONSE);
            try {
                Version v = EngineConnector.version(settings, client, PROBE_RESPONSE);
                return Availability.usable("Docker Engine " + v.getVersion() + " (API " + v.getApiVersion() + ", this backend uses "
                        + EngineConnector.API_TEXT + ") at " + settings.describeEngine());
            } finally {
                closeQuietly(client);
            }
        } catch (BackendUnavailableException e) {
            return Availability.unusable(e.getMessage());
        } catch (RuntimeException e) {
            return Availability.unusable("the Docker Engine at " + settings.describeEngine() + " could not be checked: " + e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws BackendUnavailableException when the engine is missing, refuses access, does not answer
     *     or speaks an API older than 1.41
     * @throws InvalidSpecException naming an unknown or malformed option
     */
    @Override
    public VirtualizationBackend open(BackendConfig config) {
        DockerSettings settings = DockerSettings.from(config, environment);
        EngineConnector.preflight(settings);
        DockerClient client = EngineConnector.client(settings, CONNECT, RESPONSE);
        try {
            Version v = EngineConnector.version(settings, client, OPEN_DEADLINE);
            return new DockerBackend(settings, client, EngineConnector.facts(settings, client, v));
        } catch (RuntimeException e) {
            closeQuietly(client);
            throw e;
        }
    }

    private static void closeQuietly(DockerClient client) {
        try {
            client.close();
        } catch (IOException | RuntimeException e) {
            // nothing to do: the client held no engine objects
        }
    }
}
