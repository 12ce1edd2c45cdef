package io.nfvlightvirt;

import java.util.List;

/**
 * One engine (a Docker Engine, a libvirt connection to QEMU/KVM or Xen) seen through one
 * portable interface: create, start, stop, pause, resume and destroy VNF instances, list the
 * ones it owns, read their usage and image size. Obtain one from {@link LightVirt} (or a
 * provider's {@code open}) and close it with try-with-resources; closing does not destroy
 * instances, so a restarted orchestrator finds them again through {@link #list()}.
 *
 * <p>Every engine object an implementation creates carries the {@link Ownership} labels, and
 * every method looks only at objects with this backend's owner. Methods taking an instance id
 * throw {@link NotFoundException} when no instance of ours has that id, except
 * {@link #destroy(String)}, which is idempotent. All methods throw
 * {@link BackendUnavailableException} when the engine has gone away, and
 * {@link IllegalStateException} after {@link #close()}.
 */
public interface VirtualizationBackend extends AutoCloseable {

    /** @return the provider id, e.g. {@code "docker"}, {@code "kvm"}, {@code "xen"} */
    String id();

    /** @return what this backend can do on this host */
    Capabilities capabilities();

    /**
     * Prepares the image and creates the instance without starting it. Validates the spec against
     * this backend first (guest kind, files, options), so an invalid spec touches nothing.
     *
     * @param spec what to run
     * @return the created instance, in state {@link VnfState#CREATED}
     * @throws InvalidSpecException when the spec breaks a rule of this backend; nothing is created
     * @throws UnsupportedCapabilityException when the guest kind or a requested feature is not offered
     * @throws OperationFailedException when the engine fails; anything half-made is removed
     */
    VnfInstance create(VnfSpec spec);

    /**
     * @param id an instance id
     * @return the instance, running
     * @throws OperationFailedException when the engine cannot start it
     */
    VnfInstance start(String id);

    /**
     * Creates and starts in one call: the draft's "instantiation".
     *
     * @param spec what to run
     * @return the running instance; its timeline holds every phase
     * @throws InvalidSpecException when the spec breaks a rule of this backend
     * @throws OperationFailedException when create or start fails; the instance is then destroyed
     */
    default VnfInstance run(VnfSpec spec) {
        VnfInstance created = create(spec);
        try {
            return start(created.id());
        } catch (RuntimeException e) {
            try {
                destroy(created.id());
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Stops the guest (graceful where the engine offers it, bounded by a short timeout).
     *
     * @param id an instance id
     * @return the instance, stopped
     */
    VnfInstance stop(String id);

    /**
     * @param id an instance id
     * @return the instance, paused
     * @throws UnsupportedCapabilityException without {@link Capability#PAUSE}
     */
    VnfInstance pause(String id);

    /**
     * @param id an instance id
     * @return the instance, running again
     * @throws UnsupportedCapabilityException without {@link Capability#PAUSE}
     */
    VnfInstance resume(String id);

    /**
     * Removes the instance and everything the library created for it (container or domain, its
     * network when it was the last user, taps, copied kernels, volumes). Destroying an id that is
     * already gone does nothing.
     *
     * @param id an instance id
     * @throws OperationFailedException when the engine refuses to remove something
     */
    void destroy(String id);

    /**
     * @param id an instance id
     * @return a fresh snapshot of the instance
     */
    VnfInstance inspect(String id);

    /** @return every instance this backend's owner has on the engine, whatever its state */
    List<VnfInstance> list();

    /**
     * @param id an instance id
     * @return current memory and CPU use
     * @throws UnsupportedCapabilityException without {@link Capability#LIVE_STATS}
     */
    Usage usage(String id);

    /**
     * @param id an instance id
     * @return the size in bytes of what the guest boots (container image, kernel + initramfs, disk)
     */
    long imageSizeBytes(String id);

    /**
     * What the guest boots, for reports: the image's name and where it came from, e.g. a container
     * image's tag and id, or a kernel's release and whether it was compiled or a distribution's.
     *
     * @param id an instance id
     * @return a one-line description; the default names only the guest kind, as the default
     *     {@link #prepare(VnfSpec)} does
     * @throws NotFoundException when no instance of this backend has that id
     */
    default String imageDescription(String id) {
        return inspect(id).guestKind().name().toLowerCase(java.util.Locale.ROOT) + " image";
    }

    /**
     * Makes ready the image a spec boots, without creating anything that runs: builds or finds the
     * library's built-in image, checks that a given image exists. An orchestrator calls it ahead
     * of time (image pre-staging) so that a later {@link #create} spends no time on the image; a
     * benchmark calls it so that image builds stay out of instantiation times. Idempotent; what it
     * builds is cached and labelled as ours like every other object.
     *
     * @param spec the spec a later create will get
     * @return what the guest will boot, as {@link #imageDescription(String)} describes it
     * @throws InvalidSpecException when the spec names an image that does not exist, or a value
     *     this backend refuses
     * @throws UnsupportedCapabilityException when this backend does not run the spec's guest kind
     * @throws BackendUnavailableException when the image cannot be built on this host
     */
    default String prepare(VnfSpec spec) {
        java.util.Objects.requireNonNull(spec, "spec");
        if (!capabilities().supports(spec.guestKind())) {
            throw new UnsupportedCapabilityException(id(), "guest kind " + spec.guestKind());
        }
        return spec.guestKind().name().toLowerCase(java.util.Locale.ROOT) + " image";
    }

    /**
     * The escape hatch to the engine's own client, for what the portable API does not offer.
     *
     * @param type the engine client type, e.g. docker-java's {@code DockerClient} or libvirt's {@code Connect}
     * @param <T> that type
     * @return the client
     * @throws IllegalArgumentException when this backend has no object of that type
     */
    <T> T unwrap(Class<T> type);

    /** Releases the engine connection; instances keep running. Idempotent. Throws no checked exception. */
    @Override
    void close();
}
