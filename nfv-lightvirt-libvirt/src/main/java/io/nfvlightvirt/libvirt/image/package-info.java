/**
 * Guest images built from what a Debian host has, cached by content hash outside any checkout:
 * {@link io.nfvlightvirt.libvirt.image.TinyxImage} (kernel + initramfs) and
 * {@link io.nfvlightvirt.libvirt.image.DebianImage} (debootstrap disk image), built by
 * {@code GuestImages}.
 */
package io.nfvlightvirt.libvirt.image;
