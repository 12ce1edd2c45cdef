package io.nfvlightvirt.libvirt.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nfvlightvirt.InvalidSpecException;
import org.junit.jupiter.api.Test;

class GuestContractTest {
    @Test
    void buildsTheKernelArguments() {
        assertThat(GuestContract.networkArguments("10.216.0.2/24", "10.216.0.1")).isEqualTo("nfvlv.ip=10.216.0.2/24 nfvlv.gw=10.216.0.1");
        assertThat(GuestContract.networkArguments("10.216.0.2/24", null)).isEqualTo("nfvlv.ip=10.216.0.2/24");
    }

    @Test
    void anAddressWithoutPrefixIsRejectedNamingFieldValueAndRule() {
        assertThatThrownBy(() -> GuestContract.networkArguments("10.216.0.2", null))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> {
                    assertThat(e.field()).isEqualTo("guest address");
                    assertThat(e.value()).isEqualTo("10.216.0.2");
                    assertThat(e.rule()).contains("A.B.C.D/NN");
                });
    }

    @Test
    void aBadGatewayIsRejected() {
        assertThatThrownBy(() -> GuestContract.networkArguments("10.216.0.2/24", "10.216.0.1/24"))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("guest gateway").hasMessageContaining("'10.216.0.1/24'");
    }

    @Test
    void leadingZerosAreRejectedBecauseIpReadsThemAsOctal() {
        assertThat(GuestContract.isAddress("10.216.0.010")).isFalse();
        assertThat(GuestContract.isAddress("10.216.0.0")).isTrue();
        assertThat(GuestContract.isAddressWithPrefix("10.216.0.2/08")).isFalse();
    }
}
