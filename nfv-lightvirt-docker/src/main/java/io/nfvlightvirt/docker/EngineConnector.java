package io.nfvlightvirt.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.nfvlightvirt.BackendUnavailableException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Opens a docker-java client on the configured engine and checks, with precise reasons, that the
 * engine can be used: the socket exists and is accessible, the engine answers, and it speaks
 * Docker Engine API {@value #API_TEXT}, which this backend pins (container-level {@code MacAddress}
 * is how 1.41 fixes a container's MAC).
 */
final class EngineConnector {
    static final String API_TEXT = "1.41";
    static final RemoteApiVersion API = RemoteApiVersion.VERSION_1_41;

    /**
     * What the engine said about itself when the backend was opened.
     *
     * @param version engine version, e.g. {@code 20.10.24+dfsg1}
     * @param apiVersion the newest API version it speaks
     * @param cpus CPUs the engine's host has
     * @param runtimes OCI runtimes registered on the engine
     * @param defaultRuntime the runtime used when none is named
     * @param cgroupVersion {@code "1"} or {@code "2"}
     */
    record EngineFacts(String version, String apiVersion, int cpus, Set<String> runtimes, String defaultRuntime,
            String cgroupVersion) {
        EngineFacts {
            runtimes = Set.copyOf(runtimes);
        }
    }

    private EngineConnector() {}

    /**
     * Checks what can be checked without talking to the engine.
     *
     * @param settings the settings
     * @throws BackendUnavailableException when the unix socket is missing or not accessible
     */
    static void preflight(DockerSettings settings) {
        if (!settings.localSocket()) {
            return;
        }
        Path socket = Path.of(settings.engineUri().getPath());
        if (!Files.exists(socket)) {
            throw new BackendUnavailableException("no Docker socket at " + socket + " (engine " + settings.describeEngine()
                    + "); start dockerd (scripts/setup-host.sh does) or set DOCKER_HOST / the engine URI to a running engine");
        }
        if (Files.isDirectory(socket) || Files.isRegularFile(socket)) {
            throw new BackendUnavailableException(socket + " is not a socket (engine " + settings.describeEngine()
                    + "); point the engine URI at dockerd's socket, e.g. unix:///var/run/docker.sock");
        }
        if (!Files.isReadable(socket) || !Files.isWritable(socket)) {
            throw new BackendUnavailableException("permission denied on Docker socket " + socket
                    + "; run as root or add the user to the 'docker' group");
        }
    }

    /**
     * @param settings where the engine is
     * @param connectTimeout how long to wait for a connection
     * @param responseTimeout how long to wait for any answer
     * @return a client pinned to API {@value #API_TEXT}; nothing is sent yet
     */
    static DockerClient client(DockerSettings settings, Duration connectTimeout, Duration responseTimeout) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(settings.engineUri().toString())
                .withApiVersion(API)
                .build();
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(64)
                .connectionTimeout(connectTimeout)
                .responseTimeout(responseTimeout)
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    /**
     * Asks the engine for its version and checks the API.
     *
     * @param settings where the engine is, for messages
     * @param client a client on it
     * @param deadline how long to wait for the answer; the client is closed when it passes
     * @return the engine's version answer
     * @throws BackendUnavailableException saying why the engine cannot be used
     */
    static Version version(DockerSettings settings, DockerClient client, Duration deadline) {
        Version v;
        try {
            v = withDeadline(client, deadline, () -> client.versionCmd().exec());
        } catch (DockerException e) {
            String msg = String.valueOf(e.getMessage());
            String lower = msg.toLowerCase(Locale.ROOT);
            if (lower.contains("too new") || lower.contains("maximum supported api")) {
                throw new BackendUnavailableException("the Docker Engine at " + settings.describeEngine()
                        + " is too old: it does not speak API " + API_TEXT + " (" + msg.trim()
                        + "); upgrade to Docker 20.10 or newer", e);
            }
            if (lower.contains("too old") || lower.contains("minimum supported api")) {
                throw new BackendUnavailableException("the Docker Engine at " + settings.describeEngine()
                        + " no longer speaks API " + API_TEXT + " (" + msg.trim() + "); use an engine that still offers it", e);
            }
            throw new BackendUnavailableException("the Docker Engine at " + settings.describeEngine()
                    + " answered the version request with an error: " + msg.trim(), e);
        } catch (RuntimeException e) {
            IOException io = EngineErrors.ioCause(e);
            String why = io == null ? e.toString() : EngineErrors.describeIo(io);
            throw new BackendUnavailableException("the Docker Engine at " + settings.describeEngine() + " " + why
                    + "; start dockerd (scripts/setup-host.sh does) or point DOCKER_HOST / the engine URI at a running engine", e);
        }
        RemoteApiVersion api = RemoteApiVersion.parseConfigWithDefault(v.getApiVersion());
        if (!api.isGreaterOrEqual(API)) {
            throw new BackendUnavailableException("the Docker Engine " + v.getVersion() + " at " + settings.describeEngine()
                    + " speaks API " + v.getApiVersion() + ", older than the " + API_TEXT + " this backend needs; upgrade Docker");
        }
        return v;
    }

    /**
     * Runs a call on its own thread and gives up after the deadline, closing the client so that the
     * blocked call ends too. Needed because a read on a unix socket does not honour the client's
     * response timeout: an engine that accepts but never answers would block forever.
     */
    private static <T> T withDeadline(DockerClient client, Duration deadline, Supplier<T> call) {
        FutureTask<T> task = new FutureTask<>(call::get);
        Thread t = new Thread(task, "nfvlv-docker-version");
        t.setDaemon(true);
        t.start();
        try {
            return task.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            try {
                client.close();
            } catch (IOException | RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw new RuntimeException(new SocketTimeoutException("no answer to the version request within "
                    + deadline.toMillis() + " ms"));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new RuntimeException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeException(new InterruptedIOException("interrupted waiting for the engine"));
        }
    }

    /**
     * @param settings where the engine is, for messages
     * @param client a client on it
     * @param version its version answer
     * @return what the backend needs to know about the engine
     */
    static EngineFacts facts(DockerSettings settings, DockerClient client, Version version) {
        Info info;
        try {
            info = client.infoCmd().exec();
        } catch (RuntimeException e) {
            throw new EngineErrors(settings.describeEngine()).translate("docker info", e);
        }
        Set<String> runtimes = new TreeSet<>(info.getRuntimes() == null ? Set.of() : info.getRuntimes().keySet());
        String defaultRuntime = info.getRawValues() == null ? null : (String) info.getRawValues().get("DefaultRuntime");
        if (defaultRuntime == null || defaultRuntime.isBlank()) {
            defaultRuntime = "runc";
        }
        return new EngineFacts(version.getVersion(), version.getApiVersion(),
                info.getNCPU() == null ? Runtime.getRuntime().availableProcessors() : info.getNCPU(),
                runtimes, defaultRuntime, info.getCGroupVersion() == null ? "1" : info.getCGroupVersion());
    }
}
