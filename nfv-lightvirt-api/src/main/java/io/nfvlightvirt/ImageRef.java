package io.nfvlightvirt;

import io.nfvlightvirt.internal.Checks;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a guest boots: the library's own built-in guest for its kind, a container image, a kernel
 * (with optional initramfs and command line), or a disk image. Paths are checked for existence by
 * the backend at {@code create}, before the engine is touched.
 */
public sealed interface ImageRef {

    /**
     * The guest the library builds itself for the spec's kind (a busybox + iperf3 container, a
     * Tinyx kernel + initramfs, a Debian disk image), cached on the host.
     *
     * @return the built-in reference
     */
    static ImageRef builtin() {
        return Builtin.INSTANCE;
    }

    /**
     * @param reference an image the engine already has, e.g. {@code "busybox:latest"}
     * @return a container image reference
     * @throws InvalidSpecException when the reference is blank or malformed
     */
    static ImageRef container(String reference) {
        return new ContainerImage(reference);
    }

    /**
     * @param kernel a kernel file (bzImage, ELF, unikernel image)
     * @return a kernel reference without initramfs or command line
     */
    static Kernel kernel(Path kernel) {
        return new Kernel(kernel, Optional.empty(), "");
    }

    /**
     * @param disk a bootable disk image
     * @return a disk reference
     */
    static ImageRef disk(Path disk) {
        return new Disk(disk);
    }

    /** The library's own guest for the spec's kind. */
    enum Builtin implements ImageRef {
        /** The one instance. */
        INSTANCE;

        @Override
        public String toString() {
            return "builtin";
        }
    }

    /**
     * An image the container engine holds.
     *
     * @param reference name[:tag] or image id
     */
    record ContainerImage(String reference) implements ImageRef {
        private static final Pattern REF = Pattern.compile("[a-z0-9][a-z0-9._/:@-]{0,254}");

        /** Validates the reference. */
        public ContainerImage {
            Checks.matches("image", reference, REF,
                    "must be a container image reference: lower-case letters, digits and . _ / : @ -");
        }
    }

    /**
     * A kernel booted directly by the hypervisor.
     *
     * @param kernel the kernel file
     * @param initrd optional initramfs
     * @param cmdline extra kernel command line (the backend may add the address settings)
     */
    record Kernel(Path kernel, Optional<Path> initrd, String cmdline) implements ImageRef {
        /** Validates presence of fields; existence of files is checked by the backend. */
        public Kernel {
            Checks.notNull("image.kernel", kernel);
            Checks.notNull("image.initrd", initrd);
            Checks.notNull("image.cmdline", cmdline);
            if (cmdline.indexOf('\n') >= 0 || cmdline.indexOf('\0') >= 0) {
                throw new InvalidSpecException("image.cmdline", cmdline, "must be one line without NUL");
            }
        }

        /**
         * @param initramfs the initramfs to load
         * @return a copy with that initramfs
         */
        public Kernel withInitrd(Path initramfs) {
            return new Kernel(kernel, Optional.of(initramfs), cmdline);
        }

        /**
         * @param commandLine the kernel command line
         * @return a copy with that command line
         */
        public Kernel withCmdline(String commandLine) {
            return new Kernel(kernel, initrd, commandLine);
        }
    }

    /**
     * A bootable disk image (qcow2 or raw).
     *
     * @param disk the image file
     */
    record Disk(Path disk) implements ImageRef {
        /** Validates presence. */
        public Disk {
            Checks.notNull("image.disk", disk);
        }
    }
}
