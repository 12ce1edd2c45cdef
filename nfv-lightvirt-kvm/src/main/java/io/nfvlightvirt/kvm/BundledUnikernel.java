package io.nfvlightvirt.kvm;

import io.nfvlightvirt.BackendUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The unikernel this jar carries: Unikraft's nfvsink for QEMU (see {@code unikernel/README.md} in
 * the module), the built-in UNIKERNEL image when no other is configured. It is written once to
 * the image cache, under a name holding its hash, and handed to QEMU as a private copy per
 * instance like every other image.
 */
final class BundledUnikernel {
    /** The jar resource, next to this class. */
    static final String RESOURCE = "nfvsink_qemu-x86_64";
    private static final int NAME_HEX_CHARS = 20;

    private BundledUnikernel() {}

    /**
     * @param cacheDir the image cache directory
     * @return the unikernel's file in the cache, written now unless it is there with the same content
     * @throws BackendUnavailableException when the jar lacks it or the cache is not writable
     */
    static Path file(Path cacheDir) {
        byte[] bytes;
        try (InputStream in = BundledUnikernel.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new BackendUnavailableException("this nfv-lightvirt-kvm jar has no bundled unikernel (resource "
                        + RESOURCE + "); give ImageRef.kernel(path) or option " + KvmOptions.UNIKERNEL_BUILTIN);
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new BackendUnavailableException("cannot read the bundled unikernel " + RESOURCE + ": " + e.getMessage(), e);
        }
        String sha = sha256(bytes);
        Path dir = cacheDir.resolve("unikernel-nfvsink-" + sha.substring(0, NAME_HEX_CHARS));
        Path file = dir.resolve(RESOURCE);
        try {
            if (Files.isReadable(file) && Files.size(file) == bytes.length && sha256(Files.readAllBytes(file)).equals(sha)) {
                return file;
            }
        } catch (IOException e) {
            // unreadable or vanished: written again below
        }
        try {
            Files.createDirectories(dir);
            // readable by all (a cache filled by root serves other users), like the image builder's entries
            Path tmp = Files.createTempFile(dir, ".nfvsink-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
            try {
                Files.write(tmp, bytes);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return file;
        } catch (AccessDeniedException e) {
            throw new BackendUnavailableException("cannot write the bundled unikernel to the image cache " + cacheDir
                    + " (" + e.getFile() + ": permission denied); set option " + KvmOptions.IMAGES_CACHE_DIR
                    + " or NFV_LIGHTVIRT_CACHE to a writable directory, or option " + KvmOptions.UNIKERNEL_BUILTIN
                    + " to a unikernel file", e);
        } catch (IOException e) {
            throw new BackendUnavailableException("cannot write the bundled unikernel to " + dir + ": " + e, e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
