package io.nfvlightvirt.kvm;

import io.nfvlightvirt.libvirt.image.BuildProgress;
import io.nfvlightvirt.libvirt.image.DebianImage;
import io.nfvlightvirt.libvirt.image.GuestImages;
import io.nfvlightvirt.libvirt.image.TinyxImage;
import java.nio.file.Path;
import java.util.Optional;

/** {@link GuestImageSource} backed by the library's image builder, {@link GuestImages}. */
final class GuestImagesSource implements GuestImageSource {
    private final GuestImages images;

    GuestImagesSource(Optional<Path> cacheDir) {
        this.images = new GuestImages(cacheDir.orElseGet(GuestImages::defaultCacheDir));
    }

    @Override
    public TinyxImage tinyx(BuildProgress progress) {
        return images.tinyx(progress);
    }

    @Override
    public DebianImage debian(BuildProgress progress) {
        return images.debian(progress);
    }
}
