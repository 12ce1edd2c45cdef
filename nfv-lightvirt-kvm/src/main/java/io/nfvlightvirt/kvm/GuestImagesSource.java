package io.nfvlightvirt.kvm;

import io.nfvlightvirt.libvirt.image.BuildProgress;
import io.nfvlightvirt.libvirt.image.DebianImage;
import io.nfvlightvirt.libvirt.image.GuestImages;
import io.nfvlightvirt.libvirt.image.TinyxFlavor;
import io.nfvlightvirt.libvirt.image.TinyxImage;
import java.nio.file.Path;
import java.util.Optional;

/** {@link GuestImageSource} backed by the library's image builder, {@link GuestImages}. */
final class GuestImagesSource implements GuestImageSource {
    private final GuestImages images;
    private final String tinyxKernel;

    GuestImagesSource(Optional<Path> cacheDir, String tinyxKernel) {
        this.images = new GuestImages(cacheDir.orElseGet(GuestImages::defaultCacheDir));
        this.tinyxKernel = tinyxKernel;
    }

    @Override
    public TinyxImage tinyx(BuildProgress progress) {
        return switch (tinyxKernel) {
            case KvmOptions.TINYX_KERNEL_COMPILED -> images.tinyx(TinyxFlavor.QEMU_KVM, progress);
            case KvmOptions.TINYX_KERNEL_CLOUD -> images.tinyx(TinyxFlavor.DEBIAN_CLOUD_KERNEL, progress);
            case KvmOptions.TINYX_KERNEL_NO_COMPILE -> images.tinyxWithoutCompiling(progress);
            default -> images.tinyx(progress);
        };
    }

    @Override
    public DebianImage debian(BuildProgress progress) {
        return images.debian(progress);
    }
}
