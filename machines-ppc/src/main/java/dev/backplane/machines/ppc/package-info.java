/** Machine plugins for the ppc family (filled by its own issue; nothing is registered yet). */
package dev.backplane.machines.ppc;
