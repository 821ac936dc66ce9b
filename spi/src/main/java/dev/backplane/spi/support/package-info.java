/**
 * The machine-table route for plugin authors, <strong>covered by the SPI's compatibility
 * promise</strong> like {@code dev.backplane.spi}: the JSON table format
 * {@value dev.backplane.spi.support.MachineTable#FORMAT} (QEMU's facts and libvirt's policy in
 * files of their own; families that extend families) and its predecessor
 * {@value dev.backplane.spi.support.MachineTable#FORMAT_V1} ({@link
 * dev.backplane.spi.support.MachineTable}), and a plugin base class that serves a table ({@link
 * dev.backplane.spi.support.TableMachinePlugin}). A table that breaks the format is refused with
 * a {@link dev.backplane.spi.support.MachineTableException} naming the key; a new format version
 * gets a new number, and tables of version 1 keep loading.
 */
package dev.backplane.spi.support;
