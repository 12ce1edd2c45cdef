/**
 * The {@code docker} backend: VNFs as containers on a real Docker Engine through docker-java, with
 * the guest image built locally and no registry. Users see only
 * {@link io.nfvlightvirt.docker.DockerBackendProvider} (found through {@link java.util.ServiceLoader});
 * everything else is package-private, and no docker-java type appears in a public signature except
 * through {@code VirtualizationBackend.unwrap(DockerClient.class)}.
 */
package io.nfvlightvirt.docker;
