/** Machine plugins for s390x: {@code s390-ccw-virtio} ({@link dev.backplane.machines.s390.S390CcwMachinePlugin}). */
package dev.backplane.machines.s390;
