package dev.backplane.spi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Covered by compatibility: changes only in ways that keep existing plugins and embedders compiling
 * and working. Marks the SPI and the public API of {@code backplane-core}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
@Stable
public @interface Stable {}
