package io.nfvlightvirt.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.nfvlightvirt.VnfState;
import org.junit.jupiter.api.Test;

class ContainerStatesTest {

    @Test
    void runningPausedAndCreatedMapDirectly() {
        assertThat(ContainerStates.map("created", false, false, 0, "", false).state()).isEqualTo(VnfState.CREATED);
        assertThat(ContainerStates.map("running", false, false, 0, "", false).state()).isEqualTo(VnfState.RUNNING);
        assertThat(ContainerStates.map("running", true, false, 0, "", false).state()).isEqualTo(VnfState.PAUSED);
        assertThat(ContainerStates.map("paused", true, false, 0, null, false).state()).isEqualTo(VnfState.PAUSED);
    }

    @Test
    void anOomKillIsAFailureWithReasonOomKilled() {
        ContainerStates.Mapped m = ContainerStates.map("exited", false, true, 137, "", false);
        assertThat(m.state()).isEqualTo(VnfState.FAILED);
        assertThat(m.reason()).isEqualTo("OOMKilled");
    }

    @Test
    void anOomKillIsAFailureEvenWhenThisBackendAlsoStoppedIt() {
        assertThat(ContainerStates.map("exited", false, true, 137, "", true).state()).isEqualTo(VnfState.FAILED);
    }

    @Test
    void whatThisBackendStoppedIsStoppedWhateverTheExitCode() {
        ContainerStates.Mapped m = ContainerStates.map("exited", false, false, 1, "", true);
        assertThat(m.state()).isEqualTo(VnfState.STOPPED);
        assertThat(m.reason()).contains("exit code 1");
        assertThat(ContainerStates.map("exited", false, false, 137, "", true).state()).isEqualTo(VnfState.STOPPED);
    }

    @Test
    void exitingOnItsOwnIsStoppedButAForeignSignalIsAFailure() {
        assertThat(ContainerStates.map("exited", false, false, 3, "", false).state()).isEqualTo(VnfState.STOPPED);
        ContainerStates.Mapped killed = ContainerStates.map("exited", false, false, 137, "", false);
        assertThat(killed.state()).isEqualTo(VnfState.FAILED);
        assertThat(killed.reason()).contains("signal 9");
    }

    @Test
    void anEngineErrorIsAFailureCarryingTheEnginesText() {
        ContainerStates.Mapped m = ContainerStates.map("created", false, false, 127, "exec: \"/x\": no such file", false);
        assertThat(m.state()).isEqualTo(VnfState.FAILED);
        assertThat(m.reason()).contains("no such file");
        assertThat(ContainerStates.map("dead", false, false, 0, null, false).state()).isEqualTo(VnfState.FAILED);
    }

    @Test
    void anUnknownStatusIsUnknownAndSaysWhatTheEngineSaid() {
        ContainerStates.Mapped m = ContainerStates.map("weird", false, false, 0, null, false);
        assertThat(m.state()).isEqualTo(VnfState.UNKNOWN);
        assertThat(m.reason()).contains("weird");
    }
}
