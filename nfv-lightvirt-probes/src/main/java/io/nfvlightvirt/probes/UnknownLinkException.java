package io.nfvlightvirt.probes;

import java.util.List;

/**
 * The link (bridge, tap or veth) a probe was told to use does not exist on this host, or is not
 * usable (administratively down, not Ethernet). The message names the link and lists the links
 * that do exist.
 */
public class UnknownLinkException extends ProbeException {
    private static final long serialVersionUID = 1L;

    private final String link;

    /**
     * @param link the name that was given
     * @param message why it cannot be used
     */
    public UnknownLinkException(String link, String message) {
        super(message);
        this.link = link;
    }

    /**
     * @param link the name that was given
     * @param existing the links this host has
     * @return an exception saying the link does not exist
     */
    public static UnknownLinkException absent(String link, List<String> existing) {
        return new UnknownLinkException(link, "no link named '" + link + "' on this host (links: "
                + String.join(", ", existing) + "); the guest's bridge, tap or veth must exist before a probe starts");
    }

    /** @return the link name that was given */
    public String link() {
        return link;
    }
}
