package io.nfvlightvirt;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a backend can do: the guest kinds it runs and the optional features it offers. Ask before
 * you call; an unsupported request throws {@link UnsupportedCapabilityException}.
 *
 * @param guestKinds guest kinds this backend can create
 * @param features optional features this backend offers
 */
public record Capabilities(Set<GuestKind> guestKinds, Set<Capability> features) {

    /** Copies both sets; neither may be null. */
    public Capabilities {
        Objects.requireNonNull(guestKinds, "guestKinds");
        Objects.requireNonNull(features, "features");
        guestKinds = guestKinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(guestKinds));
        features = features.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(features));
    }

    /**
     * @param kind a guest kind
     * @return whether this backend can create guests of that kind
     */
    public boolean supports(GuestKind kind) {
        return guestKinds.contains(kind);
    }

    /**
     * @param feature an optional feature
     * @return whether this backend offers it
     */
    public boolean supports(Capability feature) {
        return features.contains(feature);
    }
}
