package io.nfvlightvirt.libvirt.connect;

import io.nfvlightvirt.BackendUnavailableException;
import io.nfvlightvirt.LightVirtException;
import io.nfvlightvirt.NotFoundException;
import io.nfvlightvirt.OperationFailedException;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.libvirt.Connect;
import org.libvirt.Error;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open connection to a libvirt daemon, kept open for the life of a backend (opening costs a
 * round trip and authentication; every call reuses it). libvirt's own error reporting is routed
 * to slf4j (logger {@code io.nfvlightvirt.libvirt.connect.LibvirtConnection}, DEBUG) instead of
 * stderr, and {@link #failure} turns a {@link LibvirtException} into the library's exceptions:
 * a daemon that went away becomes {@link BackendUnavailableException}, a missing domain
 * {@link NotFoundException}, anything else {@link OperationFailedException} with libvirt's message.
 *
 * <p>Thread-safe: libvirt connections may be used from several threads.
 */
public final class LibvirtConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LibvirtConnection.class);
    private static final Object CALLBACK_LOCK = new Object();
    private static volatile Slf4jErrorCallback callback;

    private final URI uri;
    private final Connect connect;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LibvirtConnection(URI uri, Connect connect) {
        this.uri = uri;
        this.connect = connect;
    }

    /**
     * Opens a read-write connection.
     *
     * @param uri the libvirt URI (see {@link LibvirtUris})
     * @return the open connection
     * @throws BackendUnavailableException when the daemon cannot be reached or the libvirt client
     *     library is missing; the message says what to start or install
     */
    public static LibvirtConnection open(URI uri) {
        Objects.requireNonNull(uri, "uri");
        installErrorCallback();
        try {
            Connect c = new Connect(uri.toString(), false);
            LOG.debug("connected to libvirt at {}", uri);
            return new LibvirtConnection(uri, c);
        } catch (LibvirtException e) {
            throw new BackendUnavailableException("cannot connect to libvirt at " + uri + ": " + message(e)
                    + "; start libvirtd (as root: scripts/setup-host.sh, or 'virtlogd -d; libvirtd -d') "
                    + "or give another engine URI", e);
        } catch (LinkageError e) {
            throw new BackendUnavailableException("the libvirt client library could not be loaded (" + e.getMessage()
                    + "); install it (Debian: apt-get install libvirt0 libvirt-clients)", e);
        }
    }

    private static void installErrorCallback() {
        if (callback != null) {
            return;
        }
        synchronized (CALLBACK_LOCK) {
            if (callback != null) {
                return;
            }
            try {
                Slf4jErrorCallback cb = new Slf4jErrorCallback();
                Connect.setErrorCallback(cb);
                callback = cb; // keeps the JNA callback reachable for the life of the class
            } catch (LibvirtException e) {
                LOG.warn("could not route libvirt's error reporting to slf4j: {}", message(e));
            } catch (LinkageError e) {
                throw new BackendUnavailableException("the libvirt client library could not be loaded (" + e.getMessage()
                        + "); install it (Debian: apt-get install libvirt0 libvirt-clients)", e);
            }
        }
    }

    /** @return the URI this connection was opened with */
    public URI uri() {
        return uri;
    }

    /**
     * @return libvirt-java's connection, for calls this class does not wrap
     * @throws IllegalStateException after {@link #close()}
     */
    public Connect raw() {
        if (closed.get()) {
            throw new IllegalStateException("the libvirt connection to " + uri + " is closed");
        }
        return connect;
    }

    /** @return whether {@link #close()} was called */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * @return whether the daemon still answers on this connection (no round trip: libvirt's
     *     client-side state, set when the socket broke)
     */
    public boolean isAlive() {
        if (closed.get()) {
            return false;
        }
        try {
            return connect.isAlive();
        } catch (LibvirtException e) {
            return false;
        }
    }

    /**
     * Translates a libvirt failure into the library's exceptions.
     *
     * @param e libvirt's exception
     * @param action what was being done, e.g. {@code "starting domain nfvlv.x.y"}
     * @return the exception to throw
     */
    public LightVirtException failure(LibvirtException e, String action) {
        Error err = e.getError();
        Error.ErrorNumber code = err == null ? null : err.getCode();
        if (!isAlive() || code == Error.ErrorNumber.VIR_ERR_NO_CONNECT || code == Error.ErrorNumber.VIR_ERR_INVALID_CONN) {
            return new BackendUnavailableException("libvirt at " + uri + " stopped answering while " + action + ": "
                    + message(e) + "; start libvirtd (as root: scripts/setup-host.sh) and open the backend again", e);
        }
        if (code == Error.ErrorNumber.VIR_ERR_NO_DOMAIN) {
            NotFoundException nf = new NotFoundException("libvirt at " + uri + " has no such domain while " + action);
            nf.initCause(e);
            return nf;
        }
        return new OperationFailedException(action + " on libvirt at " + uri + " failed", e);
    }

    /**
     * @param e a libvirt exception
     * @return libvirt's own message, without the library's prefix noise
     */
    public static String message(LibvirtException e) {
        Error err = e.getError();
        String m = err != null && err.getMessage() != null ? err.getMessage() : e.getMessage();
        return m == null ? e.toString() : m.strip();
    }

    /**
     * @param e a libvirt exception
     * @param code a libvirt error number
     * @return whether the exception carries that code
     */
    public static boolean hasCode(LibvirtException e, Error.ErrorNumber code) {
        return e.getError() != null && e.getError().getCode() == code;
    }

    /** Closes the connection; idempotent, throws nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                connect.close();
                LOG.debug("closed libvirt connection to {}", uri);
            } catch (LibvirtException e) {
                LOG.debug("closing libvirt connection to {}: {}", uri, message(e));
            }
        }
    }

    @Override
    public String toString() {
        return "LibvirtConnection[" + uri + (closed.get() ? ", closed]" : "]");
    }
}
