package io.nfvlightvirt.libvirt.connect;

import io.nfvlightvirt.InvalidSpecException;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which libvirt URIs the library accepts, and what "local" means. The default is
 * {@value #DEFAULT_QEMU}; remote daemons are reached with {@code qemu+tcp://host/system},
 * {@code qemu+ssh://user@host/system}, {@code qemu+tls://...}; a daemon listening on another
 * socket with {@code qemu+unix:///system?socket=/path}. Xen uses the {@code xen} driver with the
 * same transports.
 */
public final class LibvirtUris {
    /** The system QEMU driver on this host. */
    public static final String DEFAULT_QEMU = "qemu:///system";

    private static final Set<String> TRANSPORTS = Set.of("", "unix", "tcp", "ssh", "libssh", "libssh2", "tls", "ext");

    private LibvirtUris() {}

    /**
     * @param uri the URI given by the user, or empty
     * @param defaultUri the driver's default, e.g. {@value #DEFAULT_QEMU}
     * @param driver the driver the backend needs, e.g. {@code qemu} or {@code xen}
     * @return the URI to open
     * @throws InvalidSpecException when the URI names another driver or an unknown transport
     */
    public static URI resolve(Optional<URI> uri, String defaultUri, String driver) {
        URI u = uri.orElse(URI.create(defaultUri));
        String scheme = u.getScheme();
        if (scheme == null) {
            throw new InvalidSpecException("engineUri", u.toString(),
                    "must be a libvirt URI such as " + defaultUri + " or " + driver + "+ssh://user@host/system");
        }
        String s = scheme.toLowerCase(Locale.ROOT);
        int plus = s.indexOf('+');
        String d = plus < 0 ? s : s.substring(0, plus);
        String transport = plus < 0 ? "" : s.substring(plus + 1);
        if (!d.equals(driver)) {
            throw new InvalidSpecException("engineUri", u.toString(),
                    "must use the libvirt '" + driver + "' driver (" + driver + ":///system, " + driver
                            + "+tcp://host/system, " + driver + "+ssh://user@host/system)");
        }
        if (!TRANSPORTS.contains(transport)) {
            throw new InvalidSpecException("engineUri", u.toString(),
                    "unknown libvirt transport '" + transport + "'; use one of unix, tcp, ssh, libssh, libssh2, tls, ext");
        }
        return u;
    }

    /**
     * A URI is local when it has no host (or {@code localhost}) and a local transport: the
     * backend can then create bridges, taps and files for its guests on this machine.
     *
     * @param uri a libvirt URI
     * @return whether the daemon runs on this host
     */
    public static boolean isLocal(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        int plus = scheme.indexOf('+');
        String transport = plus < 0 ? "" : scheme.substring(plus + 1);
        String host = uri.getHost();
        boolean localHost = host == null || host.isEmpty() || host.equals("localhost") || host.equals("127.0.0.1")
                || host.equals("::1") || host.equals("[::1]");
        return localHost && (transport.isEmpty() || transport.equals("unix") || transport.equals("tcp")
                || transport.equals("tls") || transport.equals("ssh") || transport.equals("libssh")
                || transport.equals("libssh2"));
    }
}
