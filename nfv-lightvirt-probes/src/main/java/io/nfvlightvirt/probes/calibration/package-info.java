/**
 * What the probes themselves cost and resolve, measured on a rig whose guest answers at once: a
 * veth pair whose far end lives in a network namespace ({@link
 * io.nfvlightvirt.probes.calibration.VethRig}). {@link
 * io.nfvlightvirt.probes.calibration.ProbeCalibration} is the benchmark main.
 */
package io.nfvlightvirt.probes.calibration;
