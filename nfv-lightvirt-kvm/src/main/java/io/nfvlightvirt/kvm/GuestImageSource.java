package io.nfvlightvirt.kvm;

import io.nfvlightvirt.libvirt.image.BuildProgress;
import io.nfvlightvirt.libvirt.image.DebianImage;
import io.nfvlightvirt.libvirt.image.TinyxImage;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the built-in TINYX and STANDARD_VM images come from. The default is the library's image
 * builder ({@code io.nfvlightvirt.libvirt.image.GuestImages}, see {@link #guestImages(Optional)});
 * tests and embedders may give their own to
 * {@link KvmBackendProvider#KvmBackendProvider(GuestImageSource)}.
 */
public interface GuestImageSource {

    /**
     * @param progress receives build steps
     * @return a Tinyx kernel + initramfs, built or taken from the cache
     * @throws io.nfvlightvirt.LightVirtException when it cannot be built
     */
    TinyxImage tinyx(BuildProgress progress);

    /**
     * @param progress receives build steps
     * @return a Debian disk image with its kernel and initrd, built or taken from the cache
     * @throws io.nfvlightvirt.LightVirtException when it cannot be built
     */
    DebianImage debian(BuildProgress progress);

    /**
     * The library's image builder, {@code GuestImages}, with the given cache directory (or its
     * default). This is the wiring point to the builder.
     *
     * @param cacheDir the cache directory, or empty for {@code GuestImages.defaultCacheDir()}
     * @return a source backed by {@code GuestImages}
     */
    static GuestImageSource guestImages(Optional<Path> cacheDir) {
        return new GuestImagesSource(cacheDir, KvmOptions.TINYX_KERNEL_AUTO);
    }

    /**
     * @param cacheDir the cache directory, or empty for {@code GuestImages.defaultCacheDir()}
     * @param tinyxKernel which Tinyx kernel, one of the values of option {@value KvmOptions#TINYX_KERNEL}
     * @return a source backed by {@code GuestImages}
     */
    static GuestImageSource guestImages(Optional<Path> cacheDir, String tinyxKernel) {
        return new GuestImagesSource(cacheDir, tinyxKernel);
    }
}
