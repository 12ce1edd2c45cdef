package io.nfvlightvirt.kvm;

import io.nfvlightvirt.InvalidSpecException;
import io.nfvlightvirt.LightVirtException;
import io.nfvlightvirt.OperationFailedException;
import io.nfvlightvirt.libvirt.image.BuildProgress;
import io.nfvlightvirt.libvirt.image.DebianImage;
import io.nfvlightvirt.libvirt.image.TinyxImage;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@link GuestImageSource} backed by {@code io.nfvlightvirt.libvirt.image.GuestImages}
 * ({@code new GuestImages(cacheDir)}, {@code tinyx(BuildProgress)}, {@code debian(BuildProgress)},
 * {@code static defaultCacheDir()}).
 *
 * <p>WIRING POINT: the builder is developed in parallel with this backend, so it is reached by
 * reflection and this class compiles with or without it. Once {@code GuestImages} is on the same
 * branch, the three reflective calls below can become direct calls.
 */
final class GuestImagesSource implements GuestImageSource {
    static final String CLASS = "io.nfvlightvirt.libvirt.image.GuestImages";

    private final Optional<Path> cacheDir;
    private volatile Object builder;

    GuestImagesSource(Optional<Path> cacheDir) {
        this.cacheDir = cacheDir;
    }

    @Override
    public TinyxImage tinyx(BuildProgress progress) {
        return (TinyxImage) call("tinyx", progress, "TINYX");
    }

    @Override
    public DebianImage debian(BuildProgress progress) {
        return (DebianImage) call("debian", progress, "STANDARD_VM");
    }

    private Object call(String method, BuildProgress progress, String kind) {
        Object b = builder(kind);
        try {
            return b.getClass().getMethod(method, BuildProgress.class).invoke(b, progress);
        } catch (InvocationTargetException e) {
            Throwable c = e.getCause();
            if (c instanceof LightVirtException l) {
                throw l;
            }
            throw new OperationFailedException("building the built-in " + kind + " image failed", c);
        } catch (ReflectiveOperationException e) {
            throw unavailable(kind, e);
        }
    }

    private Object builder(String kind) {
        Object b = builder;
        if (b != null) {
            return b;
        }
        synchronized (this) {
            if (builder == null) {
                try {
                    Class<?> c = Class.forName(CLASS, true, GuestImagesSource.class.getClassLoader());
                    Path dir = cacheDir.isPresent() ? cacheDir.get() : (Path) c.getMethod("defaultCacheDir").invoke(null);
                    builder = c.getConstructor(Path.class).newInstance(dir);
                } catch (InvocationTargetException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof LightVirtException l) {
                        throw l;
                    }
                    throw new OperationFailedException("cannot set up the image builder " + CLASS, cause);
                } catch (ReflectiveOperationException | LinkageError e) {
                    throw unavailable(kind, e);
                }
            }
            return builder;
        }
    }

    private static InvalidSpecException unavailable(String kind, Throwable cause) {
        return new InvalidSpecException("image", "builtin", "the built-in " + kind + " image needs the image builder "
                + CLASS + ", which is not on the class path (" + cause + "); give an image explicitly"
                + (kind.equals("TINYX") ? " with ImageRef.kernel(path).withInitrd(path)" : " with ImageRef.disk(path)"), cause);
    }
}
