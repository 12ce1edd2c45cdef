/**
 * Connections to a libvirt daemon: which URIs are accepted ({@link io.nfvlightvirt.libvirt.connect.LibvirtUris}),
 * and one long-lived connection with libvirt's errors routed to slf4j and translated into the
 * library's exceptions ({@link io.nfvlightvirt.libvirt.connect.LibvirtConnection}).
 */
package io.nfvlightvirt.libvirt.connect;
