/**
 * Host-side files and processes of local libvirt guests: per-instance directories with private
 * copies and overlays ({@link io.nfvlightvirt.libvirt.host.InstanceDirectory}), the QEMU user
 * ({@link io.nfvlightvirt.libvirt.host.QemuUser}) and QEMU's resident memory
 * ({@link io.nfvlightvirt.libvirt.host.QemuProcess}).
 */
package io.nfvlightvirt.libvirt.host;
