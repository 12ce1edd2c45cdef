package io.nfvlightvirt.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.nfvlightvirt.BackendConfig;
import io.nfvlightvirt.GuestKind;
import io.nfvlightvirt.Ownership;
import io.nfvlightvirt.VirtualizationBackend;
import io.nfvlightvirt.VnfInstance;
import io.nfvlightvirt.VnfSpec;
import io.nfvlightvirt.testkit.EngineRequirement;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the docker integration tests: a fresh owner per test class, a backend opened per test,
 * and after each test every instance destroyed, every backend closed, the test's own images
 * ({@link TestImages}) removed, and a check with the Docker CLI that the owner has no container,
 * network or image left.
 */
abstract class DockerItSupport {
    protected final DockerBackendProvider provider = new DockerBackendProvider();
    protected final String owner = ItOwners.fresh(getClass().getSimpleName().replace("Docker", "").replace("IT", "").toLowerCase());
    protected VirtualizationBackend backend;
    private final List<VirtualizationBackend> opened = new ArrayList<>();

    /** @return the configuration tests open with: the default engine and this class's owner */
    protected BackendConfig config() {
        return BackendConfig.defaults().withOwner(owner);
    }

    @BeforeEach
    void openBackend() {
        EngineRequirement.require(provider, config());
        backend = open(config());
    }

    /** @return an open backend, closed after the test */
    protected VirtualizationBackend open(BackendConfig cfg) {
        VirtualizationBackend b = provider.open(cfg);
        opened.add(b);
        return b;
    }

    @AfterEach
    void destroyEverythingAndCheckWithTheCli() {
        if (backend == null) {
            return;
        }
        try (VirtualizationBackend sweeper = provider.open(config())) {
            for (VnfInstance i : sweeper.list()) {
                sweeper.destroy(i.id());
            }
        }
        for (VirtualizationBackend b : opened) {
            b.close();
        }
        opened.clear();
        TestImages.removeAll(owner);
        assertThat(DockerCli.images(Ownership.OWNER + "=" + owner)).as("test images of owner %s left", owner).isEmpty();
        assertThat(DockerCli.containers(Ownership.OWNER + "=" + owner)).as("containers of owner %s left", owner).isEmpty();
        assertThat(DockerCli.networks(Ownership.OWNER + "=" + owner)).as("networks of owner %s left", owner).isEmpty();
    }

    /** @return a small spec of the built-in image */
    protected static VnfSpec.Builder spec(String name) {
        return VnfSpec.builder(name, GuestKind.CONTAINER).memoryMiB(32);
    }

    /** Polls until the condition holds; fails saying what was awaited. */
    protected static void await(String what, Duration timeout, BooleanSupplier condition) {
        io.nfvlightvirt.testkit.Polling.await(what, timeout, condition);
    }

    /** @return whether a TCP connection to the address is accepted within 500 ms */
    protected static boolean tcpAccepts(String ip, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(ip, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** @return the exception a TCP connection attempt ends with, or null when it was accepted */
    protected static IOException tcpFailure(String ip, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(ip, port), 2000);
            return null;
        } catch (IOException e) {
            return e;
        }
    }
}
