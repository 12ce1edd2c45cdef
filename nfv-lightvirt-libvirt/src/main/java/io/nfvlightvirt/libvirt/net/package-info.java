/**
 * Host networking for libvirt guests: bridges and taps the backend creates and removes
 * ({@link io.nfvlightvirt.libvirt.net.HostNetwork}), free private subnets
 * ({@link io.nfvlightvirt.libvirt.net.SubnetPicker}), and {@code ip} run without a shell.
 */
package io.nfvlightvirt.libvirt.net;
