package io.nfvlightvirt.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.nfvlightvirt.BackendConfig;
import io.nfvlightvirt.Ownership;
import io.nfvlightvirt.testkit.EngineRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs after every other test class of the module (see {@code junit-platform.properties}) and asks
 * the Docker CLI, not the library, whether the run left anything: no container, network or image
 * with the owner label of any owner the tests used, and nothing with the managed label that belongs
 * to this run or that nobody uses.
 */
@Tag("docker")
@Order(Integer.MAX_VALUE)
class DockerLeftoversIT {

    @BeforeEach
    void requireEngine() {
        EngineRequirement.require(new DockerBackendProvider(), BackendConfig.defaults());
    }

    @Test
    void noOwnerOfThisRunLeftAContainerNetworkOrImage() {
        Set<String> owners = ItOwners.all();
        List<String> left = new ArrayList<>();
        for (String owner : owners) {
            String label = Ownership.OWNER + "=" + owner;
            DockerCli.containers(label).forEach(c -> left.add("container " + c + " of " + owner));
            DockerCli.networks(label).forEach(n -> left.add("network " + n + " of " + owner));
            DockerCli.images(label).forEach(i -> left.add("image " + i + " of " + owner));
        }
        assertThat(left).as("left on the engine by owners %s", owners).isEmpty();
    }

    @Test
    void nothingWithTheManagedLabelIsLeftByThisRunOrLeftUnused() {
        List<String> left = new ArrayList<>();
        for (String id : DockerCli.containers(Ownership.MANAGED + "=true")) {
            String owner = DockerCli.inspect("{{index .Config.Labels \"" + Ownership.OWNER + "\"}}", id);
            if (ours(owner)) {
                left.add("container " + id + " of " + owner);
            }
        }
        for (String net : DockerCli.networks(Ownership.MANAGED + "=true")) {
            String owner = DockerCli.inspect("{{index .Labels \"" + Ownership.OWNER + "\"}}", net);
            if (ours(owner)) {
                left.add("network " + net + " of " + owner);
            }
        }
        for (String image : DockerCli.images(BuiltinImage.LABEL_IMAGE + "=builtin")) {
            if (DockerCli.ok("ps", "-a", "-q", "--filter", "ancestor=" + image).isEmpty()) {
                left.add("built-in image " + image + ", used by no container");
            }
        }
        assertThat(left).isEmpty();
    }

    private static boolean ours(String owner) {
        return ItOwners.all().contains(owner) || owner.startsWith("tck-") || owner.startsWith("dockerit-");
    }
}
