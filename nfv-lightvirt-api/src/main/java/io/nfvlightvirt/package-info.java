/**
 * nfv-lightvirt: run a virtual network function on Xen, KVM or Docker through one interface, and
 * measure it as draft-natarajan-nfvrg-containers-for-nfv-03 does. Start at
 * {@link io.nfvlightvirt.LightVirt}, which finds the backends on the class path, and
 * {@link io.nfvlightvirt.VirtualizationBackend}, what it opens.
 */
package io.nfvlightvirt;
