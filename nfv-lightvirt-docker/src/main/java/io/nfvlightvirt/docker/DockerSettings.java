package io.nfvlightvirt.docker;

import io.nfvlightvirt.BackendConfig;
import io.nfvlightvirt.InvalidSpecException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The docker backend's configuration, read and checked from a {@link BackendConfig}: where the
 * engine is and the provider options documented on {@link DockerBackendProvider}.
 *
 * @param engineUri the engine address, {@code unix://PATH} or {@code tcp://HOST:PORT}
 * @param engineUriSource where the address came from, for messages ("config", "DOCKER_HOST", "default")
 * @param owner the owner id
 * @param subnet the owner's network subnet, or empty to pick a free one
 * @param keepImage whether {@code close()} leaves the built-in image on the engine
 * @param stopTimeout how long {@code stop} waits for the guest before killing it
 * @param iperf3 the host's iperf3 binary copied into the built-in image
 * @param busybox the host's busybox binary copied into the built-in image
 */
record DockerSettings(URI engineUri, String engineUriSource, String owner, Optional<Ipv4Subnet> subnet,
        boolean keepImage, Duration stopTimeout, Path iperf3, Path busybox) {

    static final String OPT_SUBNET = "network.subnet";
    static final String OPT_KEEP_IMAGE = "image.keep";
    static final String OPT_STOP_TIMEOUT = "stop.timeout";
    static final String OPT_IPERF3 = "builtin.iperf3";
    static final String OPT_BUSYBOX = "builtin.busybox";
    static final Set<String> OPTIONS = Set.of(OPT_SUBNET, OPT_KEEP_IMAGE, OPT_STOP_TIMEOUT, OPT_IPERF3, OPT_BUSYBOX);

    static final URI DEFAULT_ENGINE = URI.create("unix:///var/run/docker.sock");

    /**
     * @param config the configuration the backend is opened with
     * @param environment looks up environment variables ({@code DOCKER_HOST})
     * @return the checked settings
     * @throws InvalidSpecException naming an unknown option, or an option or engine URI that is malformed
     */
    static DockerSettings from(BackendConfig config, Function<String, String> environment) {
        for (String key : config.options().keySet()) {
            if (!OPTIONS.contains(key)) {
                throw new InvalidSpecException("options", key,
                        "unknown docker backend option; allowed: " + String.join(", ", new TreeSet<>(OPTIONS)));
            }
        }
        URI uri;
        String source;
        if (config.engineUri().isPresent()) {
            uri = config.engineUri().get();
            source = "config";
        } else {
            String env = environment.apply("DOCKER_HOST");
            if (env != null && !env.isBlank()) {
                try {
                    uri = new URI(env.trim());
                } catch (URISyntaxException e) {
                    throw new InvalidSpecException("DOCKER_HOST", env, "must be unix:///path/to/docker.sock or tcp://host:port", e);
                }
                source = "DOCKER_HOST";
            } else {
                uri = DEFAULT_ENGINE;
                source = "default";
            }
        }
        checkEngineUri(uri);
        Map<String, String> o = config.options();
        Optional<Ipv4Subnet> subnet = Optional.ofNullable(o.get(OPT_SUBNET)).map(s -> Ipv4Subnet.parse(OPT_SUBNET, s));
        boolean keep = parseBoolean(OPT_KEEP_IMAGE, o.getOrDefault(OPT_KEEP_IMAGE, "false"));
        Duration stop = Duration.ofSeconds(parseSeconds(OPT_STOP_TIMEOUT, o.getOrDefault(OPT_STOP_TIMEOUT, "5")));
        Path iperf3 = Path.of(o.getOrDefault(OPT_IPERF3, "/usr/bin/iperf3"));
        Path busybox = Path.of(o.getOrDefault(OPT_BUSYBOX, "/bin/busybox"));
        return new DockerSettings(uri, source, config.owner(), subnet, keep, stop, iperf3, busybox);
    }

    private static void checkEngineUri(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "unix" -> {
                if (uri.getPath() == null || uri.getPath().isEmpty()) {
                    throw new InvalidSpecException("engineUri", uri.toString(), "a unix URI needs a socket path, e.g. unix:///var/run/docker.sock");
                }
            }
            case "tcp" -> {
                if (uri.getHost() == null || uri.getPort() < 1) {
                    throw new InvalidSpecException("engineUri", uri.toString(), "a tcp URI needs host and port, e.g. tcp://10.0.0.2:2375");
                }
            }
            default -> throw new InvalidSpecException("engineUri", uri.toString(),
                    "the docker backend speaks to unix:///path/to/docker.sock or tcp://host:port");
        }
    }

    private static boolean parseBoolean(String key, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidSpecException("options." + key, value, "must be true or false");
        };
    }

    private static long parseSeconds(String key, String value) {
        try {
            long s = Long.parseLong(value.trim());
            if (s >= 0 && s <= 300) {
                return s;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidSpecException("options." + key, value, "must be whole seconds between 0 and 300");
    }

    /** @return whether the engine is reached through a unix socket (and so runs on this host) */
    boolean localSocket() {
        return "unix".equalsIgnoreCase(engineUri.getScheme());
    }

    /** @return the engine address and where it came from, for messages */
    String describeEngine() {
        return engineUri + ("config".equals(engineUriSource) ? "" : " (from " + engineUriSource + ")");
    }
}
