package io.nfvlightvirt.libvirt.connect;

import com.sun.jna.Pointer;
import org.libvirt.jna.Libvirt;
import org.libvirt.jna.virError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libvirt's process-wide error function, installed so that libvirt does not print every error to
 * stderr. Errors also reach the caller as exceptions, so they are logged at DEBUG only.
 */
final class Slf4jErrorCallback implements Libvirt.VirErrorCallback {
    private static final Logger LOG = LoggerFactory.getLogger(LibvirtConnection.class);

    @Override
    public void errorCallback(Pointer userData, virError error) {
        if (error != null && LOG.isDebugEnabled()) {
            LOG.debug("libvirt error {} (domain {}, level {}): {}", error.code, error.domain, error.level, error.message);
        }
    }
}
