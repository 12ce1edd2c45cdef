package io.nfvlightvirt.docker;

import io.nfvlightvirt.VnfState;
import java.util.Locale;

/**
 * Maps what the engine says about a container onto {@link VnfState}. An instance that exits on
 * its own or because this backend stopped it is {@link VnfState#STOPPED}; one the kernel killed
 * for exceeding its memory limit is {@link VnfState#FAILED} with reason {@code OOMKilled}; one
 * killed by a signal nobody here sent, or that the engine could not run, is FAILED too.
 */
final class ContainerStates {
    private ContainerStates() {}

    /**
     * A state and why.
     *
     * @param state the lifecycle state
     * @param reason why, or null
     */
    record Mapped(VnfState state, String reason) {}

    /**
     * @param status the engine's status word ({@code created}, {@code running}, {@code paused},
     *     {@code restarting}, {@code removing}, {@code exited}, {@code dead})
     * @param paused the engine's paused flag
     * @param oomKilled the engine's OOMKilled flag
     * @param exitCode the exit code, when exited
     * @param error the engine's error text (e.g. why a start failed), or null
     * @param stoppedHere whether this backend stopped the container
     * @return the state and reason
     */
    static Mapped map(String status, boolean paused, boolean oomKilled, long exitCode, String error, boolean stoppedHere) {
        String s = status == null ? "" : status.toLowerCase(Locale.ROOT);
        String err = error == null || error.isBlank() ? null : error.trim();
        switch (s) {
            case "created":
                return err == null ? new Mapped(VnfState.CREATED, null) : new Mapped(VnfState.FAILED, "start failed: " + err);
            case "running":
                return paused ? new Mapped(VnfState.PAUSED, null) : new Mapped(VnfState.RUNNING, null);
            case "paused":
                return new Mapped(VnfState.PAUSED, null);
            case "restarting":
                return new Mapped(VnfState.RUNNING, "restarting");
            case "removing":
                return new Mapped(VnfState.STOPPED, "being removed");
            case "dead":
                return new Mapped(VnfState.FAILED, err == null ? "dead" : "dead: " + err);
            case "exited":
                if (oomKilled) {
                    return new Mapped(VnfState.FAILED, "OOMKilled");
                }
                if (err != null) {
                    return new Mapped(VnfState.FAILED, err);
                }
                if (stoppedHere) {
                    return new Mapped(VnfState.STOPPED, "stopped (exit code " + exitCode + ")");
                }
                if (exitCode > 128 && exitCode < 160) {
                    return new Mapped(VnfState.FAILED, "killed by signal " + (exitCode - 128) + " (exit code " + exitCode + ")");
                }
                return new Mapped(VnfState.STOPPED, "exited with code " + exitCode);
            default:
                return new Mapped(VnfState.UNKNOWN, "engine status '" + status + "'");
        }
    }
}
