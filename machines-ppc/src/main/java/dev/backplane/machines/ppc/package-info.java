/**
 * Machine plugins for ppc64: pSeries ({@link dev.backplane.machines.ppc.PseriesMachinePlugin}) and
 * the other QEMU boards ({@link dev.backplane.machines.ppc.PpcBoardsMachinePlugin}).
 */
package dev.backplane.machines.ppc;
