package io.nfvlightvirt.libvirt.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CacheKeyTest {
    private static String key(String... parts) {
        CacheKey k = CacheKey.of("tinyx-kernel");
        for (int i = 0; i < parts.length; i += 2) {
            k.part(parts[i], parts[i + 1]);
        }
        return k.entryName();
    }

    @Test
    void sameInputsGiveTheSameName() {
        assertThat(key("config", "CONFIG_NET=y", "linux-source", "6.1.192-2"))
                .isEqualTo(key("config", "CONFIG_NET=y", "linux-source", "6.1.192-2"));
    }

    @Test
    void nameIsKindPlusTwentyHexCharacters() {
        assertThat(key("a", "b")).matches("tinyx-kernel-[0-9a-f]{20}");
    }

    @Test
    void anyChangeOfConfigTextChangesTheName() {
        assertThat(key("config", "CONFIG_NET=y")).isNotEqualTo(key("config", "CONFIG_NET=y\n"));
    }

    @Test
    void aNewSourceVersionChangesTheName() {
        assertThat(key("linux-source", "6.1.192-2")).isNotEqualTo(key("linux-source", "6.1.193-1"));
    }

    @Test
    void partBoundariesCannotBeShifted() {
        assertThat(key("a", "bc")).isNotEqualTo(key("ab", "c"));
        assertThat(key("x", "1", "y", "2")).isNotEqualTo(key("x", "1y", "", "2"));
    }

    @Test
    void orderOfPartsCounts() {
        assertThat(key("a", "1", "b", "2")).isNotEqualTo(key("b", "2", "a", "1"));
    }

    @Test
    void kindIsPartOfTheHash() {
        assertThat(CacheKey.of("one").part("a", "b").entryName().substring(4))
                .isNotEqualTo(CacheKey.of("two").part("a", "b").entryName().substring(4));
    }

    @Test
    void nameIsStableOnceTaken() {
        CacheKey k = CacheKey.of("debian-bookworm").part("a", "b");
        assertThat(k.entryName()).isEqualTo(k.entryName());
        assertThatThrownBy(() -> k.part("c", "d")).isInstanceOf(IllegalStateException.class).hasMessageContaining("complete");
    }

    @Test
    void kindMustBeAFileNameSafeWord() {
        assertThatThrownBy(() -> CacheKey.of("../evil")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("../evil");
    }
}
