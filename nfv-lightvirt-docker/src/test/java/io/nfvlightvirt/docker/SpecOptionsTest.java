package io.nfvlightvirt.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nfvlightvirt.InvalidSpecException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecOptionsTest {

    @Test
    void noOptionsMeansDefaults() {
        SpecOptions o = SpecOptions.parse(Map.of());
        assertThat(o.runtime()).isEmpty();
        assertThat(o.command()).isEmpty();
    }

    @Test
    void unknownKeyIsRejectedNamingItAndTheAllowedKeys() {
        assertThatThrownBy(() -> SpecOptions.parse(Map.of("runtim", "runc")))
                .isInstanceOf(InvalidSpecException.class)
                .satisfies(e -> {
                    InvalidSpecException i = (InvalidSpecException) e;
                    assertThat(i.field()).isEqualTo("options");
                    assertThat(i.value()).isEqualTo("runtim");
                    assertThat(i.rule()).contains("command").contains("runtime");
                });
    }

    @Test
    void runtimeAndCommandAreRead() {
        SpecOptions o = SpecOptions.parse(Map.of("runtime", "runsc", "command", "sleep 1"));
        assertThat(o.runtime()).contains("runsc");
        assertThat(o.command()).contains("sleep 1");
    }

    @Test
    void malformedValuesAreRejected() {
        assertThatThrownBy(() -> SpecOptions.parse(Map.of("runtime", "run c")))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("options.runtime");
        assertThatThrownBy(() -> SpecOptions.parse(Map.of("command", "  ")))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("options.command");
    }
}
