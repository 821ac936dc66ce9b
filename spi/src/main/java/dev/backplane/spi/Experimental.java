package dev.backplane.spi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** May change or go away in any release; {@link #since()} says when it appeared (yyyy-mm-dd). */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
@Stable
public @interface Experimental {
  /** {@return the date the element appeared, as {@code yyyy-mm-dd}} */
  String since();
}
