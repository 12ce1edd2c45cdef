package io.nfvlightvirt.docker;

import io.nfvlightvirt.Ownership;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * User images the tests need, built with the Docker CLI from a tar context on stdin (no registry),
 * labelled with {@link Ownership#MANAGED} and the test's owner so leftovers are found.
 */
final class TestImages {
    private TestImages() {}

    /**
     * @param owner the test's owner id
     * @param name a short name for the image
     * @param cmd the image's CMD in JSON array form, e.g. {@code ["/bin/busybox","httpd","-f","-p","8080"]}
     * @return the tag of an image holding only busybox at /bin/busybox, with that command
     */
    static String busyboxImage(String owner, String name, String cmd) throws Exception {
        String tag = "nfvlv-it-" + owner + ":" + name;
        byte[] context = new TarArchive()
                .file("Dockerfile", 0644, ("FROM scratch\nCOPY busybox /bin/busybox\nCMD " + cmd + "\n")
                        .getBytes(StandardCharsets.UTF_8))
                .file("busybox", 0755, Files.readAllBytes(Path.of("/bin/busybox")))
                .toByteArray();
        DockerCli.Result r = DockerCli.exec(List.of(DockerCli.DOCKER, "build", "-q",
                "--label", Ownership.MANAGED + "=true", "--label", Ownership.OWNER + "=" + owner, "-t", tag, "-"), context);
        if (r.exit() != 0) {
            throw new AssertionError("docker build of " + tag + " failed: " + r.stderr());
        }
        return tag;
    }

    /** Removes the test images of an owner. */
    static void removeAll(String owner) {
        for (String id : DockerCli.images(Ownership.OWNER + "=" + owner)) {
            DockerCli.run("rmi", "-f", id);
        }
    }
}
