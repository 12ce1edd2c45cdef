/** What the KVM and Xen backends share: libvirt connections, domain XML, lifecycle, plumbing, guest images. */
package io.nfvlightvirt.libvirt;
