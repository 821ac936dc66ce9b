/**
 * The machine-plugin SPI: what a third party compiles against to teach Backplane a QEMU machine
 * type. Types here are {@link dev.backplane.spi.Stable} unless marked
 * {@link dev.backplane.spi.Experimental}. The same annotations, with
 * {@link dev.backplane.spi.Internal}, mark the public API of {@code backplane-core}.
 */
@Value.Style(
    visibility = Value.Style.ImplementationVisibility.PACKAGE,
    overshadowImplementation = true,
    defaults = @Value.Immutable(copy = false))
package dev.backplane.spi;

import org.immutables.value.Value;
