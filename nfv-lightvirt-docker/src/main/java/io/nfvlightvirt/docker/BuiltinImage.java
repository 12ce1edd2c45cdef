package io.nfvlightvirt.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Image;
import io.nfvlightvirt.GuestKind;
import io.nfvlightvirt.Ownership;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in VNF container image: {@link GuestRootfs} (busybox + iperf3 and its libraries from
 * the host) built {@code FROM scratch} through the engine's build API, with no registry. It runs
 * {@code iperf3 -s}, so TCP 5201 is open and every other port answers a SYN with RST.
 *
 * <p>The image is tagged {@value #REPOSITORY}{@code :<first 12 hex digits of the content hash>}
 * and labelled {@link Ownership#MANAGED}, {@value #LABEL_IMAGE}{@code =builtin} and the full
 * hash, so an equal build is found and reused instead of rebuilt. It carries no owner: owners share
 * it, and {@link #removeUnused()} removes it once no container uses it.
 */
final class BuiltinImage {
    /** Repository name of the built-in image. */
    static final String REPOSITORY = "nfvlv-vnf";
    /** Label marking the built-in image. */
    static final String LABEL_IMAGE = Ownership.PREFIX + "image";
    /** Label holding the SHA-256 of the build context. */
    static final String LABEL_HASH = Ownership.PREFIX + "content-hash";

    static final String DOCKERFILE = """
            FROM scratch
            ADD rootfs.tar /
            EXPOSE 5201/tcp
            CMD ["%s", "-s"]
            """.formatted(GuestRootfs.IPERF3_PATH);

    private static final Logger LOG = LoggerFactory.getLogger(BuiltinImage.class);

    /**
     * The image, ready on the engine.
     *
     * @param reference the tag to create containers from
     * @param imageId the engine's image id
     * @param built whether this call built it (false: found in the engine's cache)
     */
    record Ready(String reference, String imageId, boolean built) {}

    private final DockerClient client;
    private final EngineErrors errors;
    private final DockerSettings settings;
    private byte[] context;
    private String hash;
    private Ready ready;

    BuiltinImage(DockerClient client, EngineErrors errors, DockerSettings settings) {
        this.client = client;
        this.errors = errors;
        this.settings = settings;
    }

    /**
     * Builds the image unless an equal one is on the engine. Once found or built, later calls trust
     * it without asking the engine; a create that then finds it gone calls {@link #forget()}.
     *
     * @return the ready image
     * @throws io.nfvlightvirt.OperationFailedException when the host lacks a binary or the build fails
     */
    synchronized Ready ensure() {
        if (ready != null) {
            return ready;
        }
        ready = lookUpOrBuild();
        return ready;
    }

    /** Forgets that the image was ready, after the engine said it is gone; the next {@link #ensure} checks again. */
    synchronized void forget() {
        ready = null;
    }

    private Ready lookUpOrBuild() {
        prepareContext();
        String tag = reference();
        try {
            InspectImageResponse found = client.inspectImageCmd(tag).exec();
            Map<String, String> labels = found.getConfig() == null ? null : found.getConfig().getLabels();
            if (labels != null && hash.equals(labels.get(LABEL_HASH))) {
                return new Ready(tag, found.getId(), false);
            }
        } catch (NotFoundException e) {
            // not built yet
        } catch (RuntimeException e) {
            throw errors.translate("inspect image " + tag, e);
        }
        long t0 = System.nanoTime();
        String id;
        try {
            id = client.buildImageCmd()
                    .withTarInputStream(new ByteArrayInputStream(context))
                    .withTags(Set.of(tag))
                    .withLabels(Map.of(
                            Ownership.MANAGED, "true",
                            Ownership.GUEST_KIND, GuestKind.CONTAINER.name(),
                            LABEL_IMAGE, "builtin",
                            LABEL_HASH, hash))
                    .withPull(false)
                    .withRemove(true)
                    .withForcerm(true)
                    .withQuiet(true)
                    .exec(new BuildImageResultCallback())
                    .awaitImageId(5, TimeUnit.MINUTES);
        } catch (RuntimeException e) {
            throw errors.translate("build of the built-in image " + tag, e);
        }
        LOG.info("built the built-in VNF image {} ({}) in {} ms", tag, id, (System.nanoTime() - t0) / 1_000_000);
        return new Ready(tag, id, true);
    }

    /** @return the tag the built-in image has (computing the content hash if needed) */
    synchronized String reference() {
        prepareContext();
        return REPOSITORY + ":" + hash.substring(0, 12);
    }

    private void prepareContext() {
        if (context != null) {
            return;
        }
        byte[] rootfs = GuestRootfs.assemble(settings.iperf3(), settings.busybox());
        context = new TarArchive()
                .file("Dockerfile", 0644, DOCKERFILE.getBytes(StandardCharsets.UTF_8))
                .file("rootfs.tar", 0644, rootfs)
                .toByteArray();
        hash = sha256(context);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Removes every built-in image (of any content hash) that no container uses. An image still in
     * use, by any owner, is left alone. Failures are logged, never thrown: this runs on close.
     */
    void removeUnused() {
        List<Image> images;
        try {
            images = client.listImagesCmd().withLabelFilter(Map.of(Ownership.MANAGED, "true", LABEL_IMAGE, "builtin")).exec();
        } catch (RuntimeException e) {
            LOG.warn("could not list built-in images to remove them: {}", e.toString());
            return;
        }
        for (Image image : images) {
            String[] tags = image.getRepoTags();
            List<String> refs = tags == null || tags.length == 0 || "<none>:<none>".equals(tags[0])
                    ? List.of(image.getId()) : List.of(tags);
            for (String ref : refs) {
                try {
                    client.removeImageCmd(ref).withForce(false).withNoPrune(false).exec();
                    LOG.debug("removed built-in image {}", ref);
                } catch (ConflictException e) {
                    LOG.debug("built-in image {} is still used by a container; kept", ref);
                } catch (NotFoundException e) {
                    // someone else removed it
                } catch (RuntimeException e) {
                    LOG.warn("could not remove built-in image {}: {}", ref, e.toString());
                }
            }
        }
    }
}
