package dev.bitste.benchrun;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The parameter values a benchmark class runs with in the {@code quick} profile of {@code bitste bench};
 * the {@code full} profile runs the whole {@code @Param} grids. Each entry is {@code name=v1,v2,...};
 * parameters not listed keep their declared values.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface QuickParams {
    String[] value();
}
