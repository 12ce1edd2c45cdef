/**
 * Guest images built from what a Debian host has, cached by content hash outside any checkout:
 * {@link io.nfvlightvirt.libvirt.image.TinyxImage} (kernel + initramfs) and
 * {@link io.nfvlightvirt.libvirt.image.DebianImage} (debootstrap disk image), built by
 * {@link io.nfvlightvirt.libvirt.image.GuestImages}; every image keeps
 * {@link io.nfvlightvirt.libvirt.image.GuestContract} (address from {@code nfvlv.ip=} on the kernel
 * command line, {@code iperf3 -s} on 5201, every other port closed). See {@code IMAGES.md} in the
 * module for the recipes, the cache and measured figures.
 */
package io.nfvlightvirt.libvirt.image;
