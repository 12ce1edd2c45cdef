package io.nfvlightvirt;

import io.nfvlightvirt.internal.Checks;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What to run: an immutable, validated description of one VNF instance. Build one with
 * {@link #builder(String, GuestKind)}; every rule is checked when it is built, and the
 * {@link InvalidSpecException} names the field, the value and the rule.
 *
 * @param name instance name, unique per backend: 1-48 of {@code [a-z0-9-]}, starting with a letter
 * @param guestKind which kind of guest
 * @param image what the guest boots
 * @param vcpus virtual CPUs, 1..64
 * @param memoryBytes guest memory (a hard limit for containers), at least 4 MiB
 * @param network how the guest is attached
 * @param limits further limits
 * @param labels user labels, copied onto every engine object made for the instance
 * @param options backend-specific options (e.g. {@code runtime=runsc} for Docker); unknown keys are rejected by the backend
 */
public record VnfSpec(
        String name,
        GuestKind guestKind,
        ImageRef image,
        int vcpus,
        long memoryBytes,
        NetworkAttachment network,
        ResourceLimits limits,
        Map<String, String> labels,
        Map<String, String> options) {

    /** Smallest memory any guest may be given: 4 MiB. Backends may demand more per kind. */
    public static final long MIN_MEMORY_BYTES = 4L << 20;
    /** Largest memory a guest may be given: 1 TiB. */
    public static final long MAX_MEMORY_BYTES = 1L << 40;

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,47}");
    private static final Pattern LABEL_KEY = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9._/-]{0,127}");

    /** Validates every field. */
    public VnfSpec {
        Checks.matches("name", name, NAME,
                "must be 1-48 characters of a-z, 0-9 and '-', starting with a letter");
        Checks.notNull("guestKind", guestKind);
        Checks.notNull("image", image);
        Checks.inRange("vcpus", vcpus, 1, 64);
        if (memoryBytes < MIN_MEMORY_BYTES || memoryBytes > MAX_MEMORY_BYTES) {
            throw new InvalidSpecException("memoryBytes", memoryBytes,
                    "must be between " + MIN_MEMORY_BYTES + " (4 MiB) and " + MAX_MEMORY_BYTES + " (1 TiB)");
        }
        Checks.notNull("network", network);
        Checks.notNull("limits", limits);
        labels = copyChecked("labels", labels);
        options = copyChecked("options", options);
        for (String key : labels.keySet()) {
            if (key.startsWith(Ownership.PREFIX)) {
                throw new InvalidSpecException("labels", key, "keys starting with '" + Ownership.PREFIX + "' are reserved for the library");
            }
        }
        if (guestKind == GuestKind.CONTAINER && (image instanceof ImageRef.Kernel || image instanceof ImageRef.Disk)) {
            throw new InvalidSpecException("image", image, "a CONTAINER guest needs ImageRef.builtin() or ImageRef.container(...)");
        }
        if (guestKind != GuestKind.CONTAINER && image instanceof ImageRef.ContainerImage) {
            throw new InvalidSpecException("image", image, "a " + guestKind + " guest needs ImageRef.builtin(), kernel(...) or disk(...)");
        }
    }

    private static Map<String, String> copyChecked(String field, Map<String, String> map) {
        Checks.notNull(field, map);
        Map<String, String> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (k == null || !LABEL_KEY.matcher(k).matches()) {
                throw new InvalidSpecException(field, k, "keys must be 1-128 characters of letters, digits and . _ / -");
            }
            if (v == null || v.length() > 1024) {
                throw new InvalidSpecException(field + "." + k, v, "values must be non-null and at most 1024 characters");
            }
            copy.put(k, v);
        });
        return Map.copyOf(copy);
    }

    /**
     * @param name instance name
     * @param guestKind guest kind
     * @return a builder with defaults: built-in image, 1 vCPU, 64 MiB, automatic network, no limits
     */
    public static Builder builder(String name, GuestKind guestKind) {
        return new Builder(name, guestKind);
    }

    /** @return a builder holding this spec's values */
    public Builder toBuilder() {
        Builder b = new Builder(name, guestKind);
        b.image = image;
        b.vcpus = vcpus;
        b.memoryBytes = memoryBytes;
        b.network = network;
        b.limits = limits;
        b.labels.putAll(labels);
        b.options.putAll(options);
        return b;
    }

    /** Builds a {@link VnfSpec}; values are checked in {@link #build()}. */
    public static final class Builder {
        private String name;
        private GuestKind guestKind;
        private ImageRef image = ImageRef.builtin();
        private int vcpus = 1;
        private long memoryBytes = 64L << 20;
        private NetworkAttachment network = NetworkAttachment.automatic();
        private ResourceLimits limits = ResourceLimits.none();
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final Map<String, String> options = new LinkedHashMap<>();

        private Builder(String name, GuestKind guestKind) {
            this.name = name;
            this.guestKind = guestKind;
        }

        /** @param value instance name @return this */
        public Builder name(String value) {
            this.name = value;
            return this;
        }

        /** @param value what the guest boots @return this */
        public Builder image(ImageRef value) {
            this.image = value;
            return this;
        }

        /** @param value virtual CPUs @return this */
        public Builder vcpus(int value) {
            this.vcpus = value;
            return this;
        }

        /** @param value memory in bytes @return this */
        public Builder memoryBytes(long value) {
            this.memoryBytes = value;
            return this;
        }

        /** @param mebibytes memory in MiB @return this */
        public Builder memoryMiB(long mebibytes) {
            this.memoryBytes = mebibytes << 20;
            return this;
        }

        /** @param value network attachment @return this */
        public Builder network(NetworkAttachment value) {
            this.network = value;
            return this;
        }

        /** @param value limits @return this */
        public Builder limits(ResourceLimits value) {
            this.limits = value;
            return this;
        }

        /** @param key label key @param value label value @return this */
        public Builder label(String key, String value) {
            this.labels.put(key, value);
            return this;
        }

        /** @param key option key @param value option value @return this */
        public Builder option(String key, String value) {
            this.options.put(key, value);
            return this;
        }

        /**
         * @return the spec
         * @throws InvalidSpecException naming the first field that breaks a rule
         */
        public VnfSpec build() {
            return new VnfSpec(name, guestKind, image, vcpus, memoryBytes, network, limits, labels, options);
        }

        @Override
        public String toString() {
            return "VnfSpec.Builder[" + Objects.toString(name) + "]";
        }
    }
}
