/** Machine plugins for ppc64: pSeries ({@link dev.backplane.machines.ppc.PseriesMachinePlugin}). */
package dev.backplane.machines.ppc;
