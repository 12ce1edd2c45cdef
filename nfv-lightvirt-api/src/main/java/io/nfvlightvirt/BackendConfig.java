package io.nfvlightvirt;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The small configuration a backend is opened with.
 *
 * @param engineUri where the engine is, e.g. {@code unix:///var/run/docker.sock}, {@code tcp://10.0.0.2:2375},
 *     {@code qemu:///system}, {@code xen+tcp://10.0.0.2/}; empty for the provider's default
 *     (which also honours the engine's own variables such as {@code DOCKER_HOST})
 * @param owner the owner id written on every object this backend creates, and by which it finds
 *     its own (see {@link Ownership})
 * @param options provider-specific options; each provider documents its keys and rejects unknown ones
 */
public record BackendConfig(Optional<URI> engineUri, String owner, Map<String, String> options) {

    /** Validates the owner and copies the options. */
    public BackendConfig {
        Objects.requireNonNull(engineUri, "engineUri");
        Ownership.checkOwner(owner);
        Objects.requireNonNull(options, "options");
        options = Map.copyOf(new LinkedHashMap<>(options));
    }

    /** @return the provider's default engine, the default owner, no options */
    public static BackendConfig defaults() {
        return new BackendConfig(Optional.empty(), Ownership.DEFAULT_OWNER, Map.of());
    }

    /**
     * @param uri the engine URI
     * @return a copy with that URI
     */
    public BackendConfig withEngineUri(URI uri) {
        return new BackendConfig(Optional.of(uri), owner, options);
    }

    /**
     * @param ownerId the owner id
     * @return a copy with that owner
     */
    public BackendConfig withOwner(String ownerId) {
        return new BackendConfig(engineUri, ownerId, options);
    }

    /**
     * @param key option key
     * @param value option value
     * @return a copy with that option added
     */
    public BackendConfig withOption(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(options);
        m.put(key, value);
        return new BackendConfig(engineUri, owner, m);
    }

    /**
     * @param key option key
     * @return its value, if set
     */
    public Optional<String> option(String key) {
        return Optional.ofNullable(options.get(key));
    }
}
