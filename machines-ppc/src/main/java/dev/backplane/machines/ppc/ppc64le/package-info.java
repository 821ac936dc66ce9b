/**
 * Machine plugins for ppc64le, from {@code qemu-system-ppc64}: pSeries
 * ({@link dev.backplane.machines.ppc.ppc64le.Ppc64lePseriesMachinePlugin}) and the other boards
 * ({@link dev.backplane.machines.ppc.ppc64le.Ppc64leBoardsMachinePlugin}).
 */
package dev.backplane.machines.ppc.ppc64le;
