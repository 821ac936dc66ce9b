package dev.backplane.spi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Public for Backplane's own modules only: not API, not covered by compatibility, and may change
 * in any release. An architecture test keeps code outside the declaring module from using it
 * (tests aside).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE})
@Stable
public @interface Internal {}
