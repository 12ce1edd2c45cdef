package io.nfvlightvirt.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.nfvlightvirt.ImageRef;
import io.nfvlightvirt.Ownership;
import io.nfvlightvirt.VirtualizationBackend;
import io.nfvlightvirt.VnfInstance;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The built-in image (no registry), its cache and clean-up, and user-given images. */
@Tag("docker")
class DockerImageIT extends DockerItSupport {


    private static boolean imageExists(String id) {
        return DockerCli.run("image", "inspect", id).exit() == 0;
    }

    @Test
    void theBuiltInImageIsBuiltFromScratchLabelledCachedAndSized() {
        VnfInstance a = backend.run(spec("img-a").build());
        String imageId = DockerCli.inspect("{{.Image}}", a.id());

        assertThat(DockerCli.inspect("{{index .Config.Labels \"" + Ownership.MANAGED + "\"}} "
                + "{{index .Config.Labels \"" + BuiltinImage.LABEL_IMAGE + "\"}}", imageId)).isEqualTo("true builtin");
        String hash = DockerCli.inspect("{{index .Config.Labels \"" + BuiltinImage.LABEL_HASH + "\"}}", imageId);
        assertThat(hash).matches("[0-9a-f]{64}");
        assertThat(DockerCli.inspect("{{join .RepoTags \",\"}}", imageId)).isEqualTo("nfvlv-vnf:" + hash.substring(0, 12));
        assertThat(DockerCli.inspect("{{len .RootFS.Layers}}", imageId)).as("FROM scratch, one layer").isEqualTo("1");
        assertThat(DockerCli.inspect("{{json .Config.Cmd}}", imageId)).isEqualTo("[\"/usr/bin/iperf3\",\"-s\"]");

        long size = backend.imageSizeBytes(a.id());
        assertThat(size).isEqualTo(Long.parseLong(DockerCli.inspect("{{.Size}}", imageId)));
        assertThat(size).isBetween(1L << 20, 64L << 20);

        VnfInstance b = backend.run(spec("img-b").build());
        assertThat(DockerCli.inspect("{{.Image}}", b.id())).as("the cached image is reused").isEqualTo(imageId);
    }

    @Test
    void closingRemovesTheBuiltInImageOnceNoContainerUsesIt() {
        VirtualizationBackend b = open(config());
        VnfInstance a = b.run(spec("img-close").build());
        String imageId = DockerCli.inspect("{{.Image}}", a.id());

        VirtualizationBackend other = open(config());
        other.close();
        assertThat(imageExists(imageId)).as("still used by a container: kept").isTrue();

        b.destroy(a.id());
        b.close();
        assertThat(imageExists(imageId)).as("unused after close: removed").isFalse();
    }

    @Test
    void imageKeepLeavesTheImageForTheNextBackendWhichDoesNotRebuildIt() {
        VirtualizationBackend keeper = open(config().withOption("image.keep", "true"));
        VnfInstance a = keeper.run(spec("img-keep-a").build());
        String imageId = DockerCli.inspect("{{.Image}}", a.id());
        keeper.destroy(a.id());
        keeper.close();
        assertThat(imageExists(imageId)).isTrue();

        VirtualizationBackend next = open(config().withOption("image.keep", "true"));
        VnfInstance b = next.run(spec("img-keep-b").build());
        assertThat(DockerCli.inspect("{{.Image}}", b.id())).isEqualTo(imageId);
        next.destroy(b.id());
        next.close();

        open(config()).close();
        assertThat(imageExists(imageId)).as("a backend without image.keep cleans it on close").isFalse();
    }

    @Test
    void aUserImageIsUsedAsGivenWithItsOwnCommand() throws Exception {
        String tag = TestImages.busyboxImage(owner, "httpd", "[\"/bin/busybox\",\"httpd\",\"-f\",\"-p\",\"8080\"]");
        VnfInstance i = backend.run(spec("img-user").image(ImageRef.container(tag)).build());
        String ip = i.ipv4().orElseThrow();
        await("busybox httpd to accept on " + ip + ":8080", Duration.ofSeconds(10), () -> tcpAccepts(ip, 8080));
        assertThat(DockerCli.inspect("{{.Config.Image}}", i.id())).isEqualTo(tag);
        assertThat(backend.imageSizeBytes(i.id())).isEqualTo(Long.parseLong(DockerCli.inspect("{{.Size}}", tag)));
    }

    @Test
    void theCommandOptionReplacesTheImagesCommand() {
        VnfInstance i = backend.run(spec("img-cmd").option("command", "exec httpd -f -p 7000").build());
        String ip = i.ipv4().orElseThrow();
        await("httpd to accept on " + ip + ":7000", Duration.ofSeconds(10), () -> tcpAccepts(ip, 7000));
        assertThat(tcpAccepts(ip, 5201)).as("iperf3 does not run").isFalse();
    }
}
