/** Machine plugins for the s390 family (filled by its own issue; nothing is registered yet). */
package dev.backplane.machines.s390;
