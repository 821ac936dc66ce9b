/** Machine plugins for the arm family (filled by its own issue; nothing is registered yet). */
package dev.backplane.machines.arm;
