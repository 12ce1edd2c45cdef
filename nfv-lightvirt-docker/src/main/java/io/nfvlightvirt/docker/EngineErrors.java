package io.nfvlightvirt.docker;

import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import io.nfvlightvirt.BackendUnavailableException;
import io.nfvlightvirt.LightVirtException;
import io.nfvlightvirt.OperationFailedException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.Locale;

/**
 * Turns what docker-java throws into the library's exceptions: an I/O failure (no socket, refused,
 * reset, timed out) means the engine is gone and becomes a {@link BackendUnavailableException}
 * saying what to start; an error answer from the engine becomes an
 * {@link OperationFailedException} carrying the engine's message. The docker-java exception is
 * always kept as the cause.
 */
final class EngineErrors {
    private final String engine;

    /** @param engine how to name the engine in messages, e.g. {@code unix:///var/run/docker.sock} */
    EngineErrors(String engine) {
        this.engine = engine;
    }

    /**
     * @param what the operation, e.g. {@code "create container nfvlv-x-fw1"}
     * @param e what docker-java threw
     * @return the exception to throw
     */
    LightVirtException translate(String what, RuntimeException e) {
        if (e instanceof LightVirtException l) {
            return l;
        }
        IOException io = ioCause(e);
        if (io != null) {
            return new BackendUnavailableException("Docker Engine at " + engine + " " + describeIo(io)
                    + " during " + what + "; start dockerd (scripts/setup-host.sh does) or point the backend at a running engine", e);
        }
        if (e instanceof DockerException d) {
            return new OperationFailedException(what + " failed (HTTP " + d.getHttpStatus() + ")", e);
        }
        if (e instanceof DockerClientException) {
            return new OperationFailedException(what + " failed", e);
        }
        return new OperationFailedException(what + " failed with " + e.getClass().getSimpleName(), e);
    }

    /**
     * @param e an exception
     * @return the first {@link IOException} in its cause chain, or null
     */
    static IOException ioCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException io) {
                return io;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /**
     * @param io the I/O failure talking to the engine
     * @return a phrase: "is not answering (connection refused)" and the like
     */
    static String describeIo(IOException io) {
        String msg = io.getMessage() == null ? io.getClass().getSimpleName() : io.getMessage();
        String lower = msg.toLowerCase(Locale.ROOT);
        if (io instanceof SocketTimeoutException || io instanceof InterruptedIOException || lower.contains("timed out")) {
            return "did not answer in time (" + msg + ")";
        }
        if (io instanceof ConnectException || lower.contains("refused")) {
            return "refused the connection, nothing is listening (" + msg + ")";
        }
        if (lower.contains("no such file") || lower.contains("enoent")) {
            return "has no socket (" + msg + ")";
        }
        if (lower.contains("permission") || lower.contains("eacces")) {
            return "denied access (" + msg + "): run as root or join the 'docker' group";
        }
        return "stopped answering (" + io.getClass().getSimpleName() + ": " + msg + ")";
    }
}
