package io.nfvlightvirt;

import io.nfvlightvirt.spi.Availability;
import io.nfvlightvirt.spi.BackendProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the backends on the class path and opens one. Like SLF4J's {@code LoggerFactory}, the api
 * names no implementation: add {@code nfv-lightvirt-docker}, {@code -kvm} or {@code -xen} and
 * their providers appear here through {@link ServiceLoader}.
 *
 * <p>Which backend {@link #open(BackendConfig)} picks, in order: the id given explicitly
 * ({@link #open(String, BackendConfig)}); else the system property {@value #BACKEND_PROPERTY};
 * else the environment variable {@value #BACKEND_ENV}; else the usable provider with the highest
 * priority. When nothing fits, the {@link BackendUnavailableException} lists every provider found
 * and why each was refused.
 *
 * <pre>{@code
 * try (VirtualizationBackend backend = LightVirt.open("docker")) {
 *     VnfInstance vnf = backend.run(VnfSpec.builder("fw1", GuestKind.CONTAINER).build());
 *     ...
 *     backend.destroy(vnf.id());
 * }
 * }</pre>
 */
public final class LightVirt {
    /** System property naming the backend id to use. */
    public static final String BACKEND_PROPERTY = "nfv.lightvirt.backend";
    /** Environment variable naming the backend id to use (the system property wins). */
    public static final String BACKEND_ENV = "NFV_LIGHTVIRT_BACKEND";

    private static final Logger LOG = LoggerFactory.getLogger(LightVirt.class);

    private final List<BackendProvider> providers;
    private final List<String> loadErrors;
    private final Function<String, String> properties;
    private final Function<String, String> environment;

    private LightVirt(List<BackendProvider> providers, List<String> loadErrors,
            Function<String, String> properties, Function<String, String> environment) {
        Map<String, List<BackendProvider>> byId = new LinkedHashMap<>();
        for (BackendProvider p : providers) {
            byId.computeIfAbsent(p.id(), k -> new ArrayList<>()).add(p);
        }
        for (Map.Entry<String, List<BackendProvider>> e : byId.entrySet()) {
            if (e.getValue().size() > 1) {
                throw new LightVirtException("duplicate backend id '" + e.getKey() + "' provided by "
                        + e.getValue().stream().map(p -> p.getClass().getName()).collect(Collectors.joining(", "))
                        + "; remove one of them from the class path");
            }
        }
        List<BackendProvider> sorted = new ArrayList<>(providers);
        sorted.sort(Comparator.comparingInt(BackendProvider::priority).reversed().thenComparing(BackendProvider::id));
        this.providers = List.copyOf(sorted);
        this.loadErrors = List.copyOf(loadErrors);
        this.properties = properties;
        this.environment = environment;
    }

    /**
     * Discovers providers with {@link ServiceLoader} through the thread's context class loader
     * (or this class's loader when there is none).
     *
     * @return a facade over the providers found
     * @throws LightVirtException when two providers have the same id
     */
    public static LightVirt discover() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        if (cl == null) {
            cl = LightVirt.class.getClassLoader();
        }
        List<BackendProvider> found = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Iterator<BackendProvider> it = ServiceLoader.load(BackendProvider.class, cl).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError e) {
                LOG.warn("a backend provider could not be loaded: {}", e.getMessage());
                errors.add(e.getMessage());
            }
        }
        return new LightVirt(found, errors, System::getProperty, System::getenv);
    }

    /**
     * A facade over a fixed list of providers, for tests and for callers that assemble providers
     * themselves. Selection reads the given lookups instead of system properties and environment.
     *
     * @param providers the providers
     * @param properties system-property lookup
     * @param environment environment lookup
     * @return a facade
     * @throws LightVirtException when two providers have the same id
     */
    public static LightVirt of(List<BackendProvider> providers, Function<String, String> properties,
            Function<String, String> environment) {
        return new LightVirt(Objects.requireNonNull(providers, "providers"), List.of(),
                Objects.requireNonNull(properties, "properties"), Objects.requireNonNull(environment, "environment"));
    }

    /**
     * Opens the backend chosen by the selection rules with default configuration.
     *
     * @return an open backend
     * @throws BackendUnavailableException listing every provider and why it was refused
     */
    public static VirtualizationBackend open() {
        return discover().select(BackendConfig.defaults());
    }

    /**
     * @param id backend id, e.g. {@code "docker"}
     * @return the open backend
     * @throws BackendUnavailableException when no provider has that id or its engine is unusable
     */
    public static VirtualizationBackend open(String id) {
        return discover().select(id, BackendConfig.defaults());
    }

    /**
     * @param config configuration passed to the chosen provider
     * @return the open backend chosen by the selection rules
     * @throws BackendUnavailableException listing every provider and why it was refused
     */
    public static VirtualizationBackend open(BackendConfig config) {
        return discover().select(config);
    }

    /**
     * @param id backend id
     * @param config configuration for it
     * @return the open backend
     * @throws BackendUnavailableException when no provider has that id or its engine is unusable
     */
    public static VirtualizationBackend open(String id, BackendConfig config) {
        return discover().select(id, config);
    }

    /** @return the providers found, highest priority first */
    public List<BackendProvider> providers() {
        return providers;
    }

    /**
     * @param id backend id
     * @return the provider with that id, if present
     */
    public Optional<BackendProvider> provider(String id) {
        return providers.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /**
     * Opens a backend by the selection rules: system property, environment, then the highest
     * priority usable provider.
     *
     * @param config configuration for it
     * @return the open backend
     * @throws BackendUnavailableException listing every provider and why it was refused
     */
    public VirtualizationBackend select(BackendConfig config) {
        Objects.requireNonNull(config, "config");
        String fromProperty = blankToNull(properties.apply(BACKEND_PROPERTY));
        if (fromProperty != null) {
            return openById(fromProperty, config, "system property " + BACKEND_PROPERTY);
        }
        String fromEnv = blankToNull(environment.apply(BACKEND_ENV));
        if (fromEnv != null) {
            return openById(fromEnv, config, "environment variable " + BACKEND_ENV);
        }
        if (providers.isEmpty()) {
            throw new BackendUnavailableException(noProvidersMessage());
        }
        StringBuilder refused = new StringBuilder();
        for (BackendProvider p : providers) {
            Availability a = safeProbe(p, config);
            if (a.usable()) {
                LOG.info("using backend '{}': {}", p.id(), a.reason());
                return p.open(config);
            }
            refused.append(System.lineSeparator()).append("  - ").append(p.id()).append(" (priority ")
                    .append(p.priority()).append("): ").append(a.reason());
        }
        throw new BackendUnavailableException("no usable nfv-lightvirt backend; providers found and why each was refused:"
                + refused + loadErrorsSuffix());
    }

    /**
     * Opens the backend with the given id.
     *
     * @param id backend id
     * @param config configuration for it
     * @return the open backend
     * @throws BackendUnavailableException when no provider has that id or its engine is unusable
     */
    public VirtualizationBackend select(String id, BackendConfig config) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(config, "config");
        return openById(id.trim().toLowerCase(Locale.ROOT), config, "the caller");
    }

    /**
     * Probes every provider, for a diagnostic listing such as a CLI's {@code --list-backends}.
     *
     * @param config configuration to probe with
     * @return each provider id with its availability, highest priority first
     */
    public Map<String, Availability> probeAll(BackendConfig config) {
        Map<String, Availability> result = new LinkedHashMap<>();
        for (BackendProvider p : providers) {
            result.put(p.id(), safeProbe(p, config));
        }
        return result;
    }

    /**
     * Probes one provider; a probe that throws is reported as unusable with its message.
     *
     * @param id a provider id
     * @param config the configuration to probe with
     * @return its availability; unusable, listing the ids found, when no provider has that id
     */
    public Availability probe(String id, BackendConfig config) {
        return provider(id).map(p -> safeProbe(p, config)).orElseGet(() -> Availability.unusable("no backend with id '"
                + id + "' on the class path; found: " + providers.stream().map(BackendProvider::id)
                .collect(Collectors.joining(", "))));
    }

    private VirtualizationBackend openById(String id, BackendConfig config, String source) {
        BackendProvider p = provider(id).orElseThrow(() -> new BackendUnavailableException(
                "backend '" + id + "' (asked for by " + source + ") is not on the class path; "
                        + (providers.isEmpty() ? noProvidersMessage()
                                : "found: " + providers.stream().map(BackendProvider::id).collect(Collectors.joining(", ")))
                        + loadErrorsSuffix()));
        Availability a = safeProbe(p, config);
        if (!a.usable()) {
            throw new BackendUnavailableException("backend '" + id + "' (asked for by " + source + ") is not usable: "
                    + a.reason());
        }
        return p.open(config);
    }

    private static Availability safeProbe(BackendProvider p, BackendConfig config) {
        try {
            Availability a = p.probe(config);
            return a != null ? a : Availability.unusable("provider " + p.getClass().getName() + " returned no availability");
        } catch (RuntimeException | LinkageError e) {
            return Availability.unusable("probe failed: " + e);
        }
    }

    private String loadErrorsSuffix() {
        return loadErrors.isEmpty() ? "" : System.lineSeparator() + "  providers that failed to load: " + loadErrors;
    }

    private static String noProvidersMessage() {
        return "no nfv-lightvirt backend on the class path; add a backend module such as "
                + "io.nfvlightvirt:nfv-lightvirt-docker, nfv-lightvirt-kvm or nfv-lightvirt-xen";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim().toLowerCase(Locale.ROOT);
    }
}
