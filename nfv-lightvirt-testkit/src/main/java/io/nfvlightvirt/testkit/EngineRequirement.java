package io.nfvlightvirt.testkit;

import io.nfvlightvirt.BackendConfig;
import io.nfvlightvirt.spi.Availability;
import io.nfvlightvirt.spi.BackendProvider;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * How an integration test reacts to a missing engine: on a developer's machine the test is
 * skipped with the provider's reason; with {@code CI=true} in the environment it fails, because
 * a skipped integration test in CI hides a broken set-up.
 */
public final class EngineRequirement {
    private EngineRequirement() {}

    /** @return whether this run is a CI run ({@code CI=true}) */
    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * Skips (developer box) or fails (CI) the calling test unless the provider is usable.
     *
     * @param provider the provider under test
     * @param config the configuration it will be opened with
     * @return the availability, usable
     */
    public static Availability require(BackendProvider provider, BackendConfig config) {
        Availability a = provider.probe(config);
        require(a.usable(), "backend '" + provider.id() + "' unusable: " + a.reason());
        return a;
    }

    /**
     * Skips (developer box) or fails (CI) the calling test unless the condition holds.
     *
     * @param condition whether the host has what the test needs
     * @param reason what is missing, shown in the skip or failure
     */
    public static void require(boolean condition, String reason) {
        if (condition) {
            return;
        }
        if (inCi()) {
            Assertions.fail("CI=true and the engine this test needs is missing: " + reason);
        }
        Assumptions.abort("skipped, engine missing (set CI=true to fail instead): " + reason);
    }
}
