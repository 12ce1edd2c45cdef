package io.nfvlightvirt.libvirt.domain;

import io.nfvlightvirt.VnfState;
import org.libvirt.DomainInfo;

/** Maps libvirt's domain states onto {@link VnfState}. */
public final class DomainStates {
    private DomainStates() {}

    /**
     * @param state libvirt's state
     * @param everStarted whether the instance has run since it was defined (a shut-off domain
     *     that never ran is {@link VnfState#CREATED}, one that ran is {@link VnfState#STOPPED})
     * @return the library's state
     */
    public static VnfState toVnfState(DomainInfo.DomainState state, boolean everStarted) {
        if (state == null) {
            return VnfState.UNKNOWN;
        }
        return switch (state) {
            case VIR_DOMAIN_RUNNING, VIR_DOMAIN_BLOCKED -> VnfState.RUNNING;
            case VIR_DOMAIN_PAUSED -> VnfState.PAUSED;
            case VIR_DOMAIN_SHUTDOWN -> VnfState.RUNNING; // shutting down, still running
            case VIR_DOMAIN_SHUTOFF -> everStarted ? VnfState.STOPPED : VnfState.CREATED;
            case VIR_DOMAIN_CRASHED -> VnfState.FAILED;
            case VIR_DOMAIN_NOSTATE -> VnfState.UNKNOWN;
        };
    }
}
