package io.nfvlightvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nfvlightvirt.spi.Availability;
import io.nfvlightvirt.spi.BackendProvider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LightVirtSelectionTest {

    private static final Map<String, String> NONE = Map.of();

    @Test
    void picksTheUsableProviderWithTheHighestPriority() {
        LightVirt lv = LightVirt.of(List.of(new FakeProvider("low", 1, true), new FakeProvider("high", 9, true),
                new FakeProvider("mid", 5, true)), NONE::get, NONE::get);
        assertThat(lv.select(BackendConfig.defaults()).id()).isEqualTo("high");
        assertThat(lv.providers()).extracting(BackendProvider::id).containsExactly("high", "mid", "low");
    }

    @Test
    void skipsUnusableProvidersInPriorityOrder() {
        LightVirt lv = LightVirt.of(List.of(new FakeProvider("high", 9, false), new FakeProvider("low", 1, true)),
                NONE::get, NONE::get);
        assertThat(lv.select(BackendConfig.defaults()).id()).isEqualTo("low");
    }

    @Test
    void whenNothingIsUsableTheErrorListsEveryProviderAndItsReason() {
        LightVirt lv = LightVirt.of(List.of(new FakeProvider("docker", 300, false), new FakeProvider("kvm", 200, false)),
                NONE::get, NONE::get);
        assertThatThrownBy(() -> lv.select(BackendConfig.defaults()))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessage("no usable nfv-lightvirt backend; providers found and why each was refused:"
                        + System.lineSeparator() + "  - docker (priority 300): docker is switched off in this test"
                        + System.lineSeparator() + "  - kvm (priority 200): kvm is switched off in this test");
    }

    @Test
    void withNoProvidersTheErrorSaysWhichModuleToAdd() {
        LightVirt lv = LightVirt.of(List.of(), NONE::get, NONE::get);
        assertThatThrownBy(() -> lv.select(BackendConfig.defaults()))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("no nfv-lightvirt backend on the class path")
                .hasMessageContaining("nfv-lightvirt-docker");
    }

    @Test
    void explicitIdWinsOverPriority() {
        LightVirt lv = LightVirt.of(List.of(new FakeProvider("a", 9, true), new FakeProvider("b", 1, true)),
                NONE::get, NONE::get);
        assertThat(lv.select("b", BackendConfig.defaults()).id()).isEqualTo("b");
    }

    @Test
    void unknownExplicitIdListsWhatWasFound() {
        LightVirt lv = LightVirt.of(List.of(new FakeProvider("docker", 9, true), new FakeProvider("kvm", 1, true)),
                NONE::get, NONE::get);
        assertThatThrownBy(() -> lv.select("xen", BackendConfig.defaults()))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessage("backend 'xen' (asked for by the caller) is not on the class path; found: docker, kvm");
    }

    @Test
    void explicitIdOfAnUnusableProviderGivesItsReason() {
        LightVirt lv = LightVirt.of(List.of(new FakeProvider("kvm", 1, false)), NONE::get, NONE::get);
        assertThatThrownBy(() -> lv.select("kvm", BackendConfig.defaults()))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessage("backend 'kvm' (asked for by the caller) is not usable: kvm is switched off in this test");
    }

    @Test
    void systemPropertyWinsOverEnvironmentAndPriority() {
        Map<String, String> props = Map.of(LightVirt.BACKEND_PROPERTY, "b");
        Map<String, String> env = Map.of(LightVirt.BACKEND_ENV, "c");
        LightVirt lv = LightVirt.of(List.of(new FakeProvider("a", 9, true), new FakeProvider("b", 1, true),
                new FakeProvider("c", 1, true)), props::get, env::get);
        assertThat(lv.select(BackendConfig.defaults()).id()).isEqualTo("b");
    }

    @Test
    void environmentVariableWinsOverPriority() {
        Map<String, String> env = Map.of(LightVirt.BACKEND_ENV, " C ");
        LightVirt lv = LightVirt.of(List.of(new FakeProvider("a", 9, true), new FakeProvider("c", 1, true)),
                NONE::get, env::get);
        assertThat(lv.select(BackendConfig.defaults()).id()).isEqualTo("c");
    }

    @Test
    void environmentNamingAnUnusableBackendSaysWhereTheChoiceCameFrom() {
        Map<String, String> env = Map.of(LightVirt.BACKEND_ENV, "kvm");
        LightVirt lv = LightVirt.of(List.of(new FakeProvider("docker", 9, true), new FakeProvider("kvm", 1, false)),
                NONE::get, env::get);
        assertThatThrownBy(() -> lv.select(BackendConfig.defaults()))
                .hasMessageContaining("environment variable NFV_LIGHTVIRT_BACKEND")
                .hasMessageContaining("kvm is switched off in this test");
    }

    @Test
    void duplicateIdsFail() {
        assertThatThrownBy(() -> LightVirt.of(List.of(new FakeProvider("docker", 1, true),
                new FakeProvider("docker", 2, true)), NONE::get, NONE::get))
                .isInstanceOf(LightVirtException.class)
                .hasMessageContaining("duplicate backend id 'docker'");
    }

    @Test
    void aProbeThatThrowsCountsAsUnusableWithTheException() {
        BackendProvider broken = new FakeProvider("broken", 9, true) {
            @Override
            public Availability probe(BackendConfig config) {
                throw new IllegalStateException("boom");
            }
        };
        LightVirt lv = LightVirt.of(List.of(broken), NONE::get, NONE::get);
        assertThatThrownBy(() -> lv.select(BackendConfig.defaults()))
                .hasMessageContaining("broken (priority 9): probe failed: java.lang.IllegalStateException: boom");
    }

    @Test
    void probeAllReportsEveryProvider() {
        LightVirt lv = LightVirt.of(List.of(new FakeProvider("a", 2, true), new FakeProvider("b", 1, false)),
                NONE::get, NONE::get);
        assertThat(lv.probeAll(BackendConfig.defaults())).containsOnlyKeys("a", "b");
        assertThat(lv.probeAll(BackendConfig.defaults()).get("b").usable()).isFalse();
    }

    @Test
    void discoveryWithNoBackendModuleOnTheClassPathFindsNothing() {
        assertThat(LightVirt.discover().providers()).isEmpty();
    }
}
