package io.nfvlightvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VnfSpecTest {

    @Test
    void defaultsAreSmallAndAutomatic() {
        VnfSpec s = VnfSpec.builder("fw1", GuestKind.CONTAINER).build();
        assertThat(s.image()).isEqualTo(ImageRef.builtin());
        assertThat(s.vcpus()).isEqualTo(1);
        assertThat(s.memoryBytes()).isEqualTo(64L << 20);
        assertThat(s.network()).isEqualTo(NetworkAttachment.automatic());
        assertThat(s.labels()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Fw1", "1fw", "fw_1", "fw 1", "fw/1", "a234567890123456789012345678901234567890123456789"})
    void illegalNamesAreRejectedNamingFieldValueAndRule(String name) {
        assertThatThrownBy(() -> VnfSpec.builder(name, GuestKind.CONTAINER).build())
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageStartingWith("invalid name '" + name + "': must be 1-48 characters")
                .satisfies(e -> assertThat(((InvalidSpecException) e).field()).isEqualTo("name"));
    }

    @Test
    void negativeMemoryIsRejected() {
        assertThatThrownBy(() -> VnfSpec.builder("fw", GuestKind.CONTAINER).memoryBytes(-1).build())
                .isInstanceOf(InvalidSpecException.class)
                .hasMessage("invalid memoryBytes -1: must be between 4194304 (4 MiB) and 1099511627776 (1 TiB)");
    }

    @Test
    void vcpusOutOfRangeAreRejected() {
        assertThatThrownBy(() -> VnfSpec.builder("fw", GuestKind.TINYX).vcpus(0).build())
                .hasMessage("invalid vcpus 0: must be between 1 and 64");
    }

    @Test
    void missingGuestKindIsRejected() {
        assertThatThrownBy(() -> VnfSpec.builder("fw", null).build()).hasMessage("invalid guestKind null: is required");
    }

    @Test
    void reservedLabelPrefixIsRejected() {
        assertThatThrownBy(() -> VnfSpec.builder("fw", GuestKind.CONTAINER).label(Ownership.OWNER, "x").build())
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("reserved");
    }

    @Test
    void containerImageOnAVmIsRejected() {
        assertThatThrownBy(() -> VnfSpec.builder("fw", GuestKind.TINYX).image(ImageRef.container("busybox")).build())
                .hasMessageContaining("a TINYX guest needs");
        assertThatThrownBy(() -> VnfSpec.builder("fw", GuestKind.CONTAINER).image(ImageRef.kernel(Path.of("/k"))).build())
                .hasMessageContaining("a CONTAINER guest needs");
    }

    @Test
    void containerImageReferenceIsChecked() {
        assertThatThrownBy(() -> ImageRef.container("Bad Image")).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("invalid image 'Bad Image'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"300.1.1.1", "1.2.3", "127.0.0.1", "0.0.0.0", "224.0.0.1", "abc"})
    void badAddressesAreRejected(String ip) {
        assertThatThrownBy(() -> NetworkAttachment.fixed(ip)).isInstanceOf(InvalidSpecException.class)
                .satisfies(e -> assertThat(((InvalidSpecException) e).field()).isEqualTo("network.ipv4"));
    }

    @Test
    void multicastMacIsRejectedAndMacIsLowerCased() {
        assertThatThrownBy(() -> NetworkAttachment.fixed("10.1.2.3").withMac("01:00:5e:00:00:01"))
                .hasMessageContaining("unicast");
        assertThat(NetworkAttachment.fixed("10.1.2.3").withMac("52:54:00:AB:CD:EF").mac())
                .isEqualTo(Optional.of("52:54:00:ab:cd:ef"));
    }

    @Test
    void limitsAreChecked() {
        assertThatThrownBy(() -> ResourceLimits.none().withCpus(0)).hasMessageContaining("limits.cpus");
        assertThatThrownBy(() -> ResourceLimits.none().withPids(0)).hasMessageContaining("limits.pids");
        assertThat(ResourceLimits.none().withCpus(0.5).cpus()).isEqualTo(OptionalDouble.of(0.5));
        assertThat(ResourceLimits.none().pids()).isEqualTo(OptionalLong.empty());
    }

    @Test
    void specIsImmutable() {
        VnfSpec s = VnfSpec.builder("fw", GuestKind.CONTAINER).label("team", "edge").build();
        assertThatThrownBy(() -> s.labels().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(s.toBuilder().build()).isEqualTo(s);
    }

    @Test
    void ownerIdIsChecked() {
        assertThatThrownBy(() -> BackendConfig.defaults().withOwner("Bad Owner"))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("invalid owner 'Bad Owner'");
    }
}
