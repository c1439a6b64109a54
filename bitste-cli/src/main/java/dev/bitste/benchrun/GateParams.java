package dev.bitste.benchrun;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Puts a benchmark class into the {@code gate} profile of {@code bitste bench}: the regression gate runs the
 * listed {@link #methods()} (default: the {@code vector} kernel) at the listed parameter values, with enough forks
 * for its statistics. Entries are {@code name=v1,v2,...} as in {@link QuickParams}; parameters not listed take
 * their first declared value. Classes without this annotation are not gated. A new family joins the gate with one
 * line: {@code @GateParams({"n=4096"})}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface GateParams {
    /** Parameter values, {@code name=v1,v2,...}; one or two sizes keep the gate within its time budget. */
    String[] value() default {};

    /** The benchmark methods the gate runs. */
    String[] methods() default {"vector"};
}
