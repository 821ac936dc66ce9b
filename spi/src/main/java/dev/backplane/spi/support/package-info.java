/**
 * Helpers for plugin authors that are <strong>not covered by compatibility</strong>: the JSON
 * machine-table format and a plugin base class that serves a table. They may change in any
 * release; copy them if you need stability.
 */
package dev.backplane.spi.support;
