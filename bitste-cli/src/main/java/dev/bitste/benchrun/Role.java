package dev.bitste.benchrun;

import dev.bitste.results.BenchmarkRole;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a {@code @Benchmark} method measures, declared next to it. The report knows a method's role from its name
 * ({@link BenchmarkRole#of}); a test checks that every benchmark method declares a role and that its name gives
 * that role.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Role {
    BenchmarkRole value();

    /**
     * True for a peer that computes in float32 (e.g. OpenBLAS): the report counts it with the {@code float32}
     * baseline when it quotes the best float32 implementation.
     */
    boolean float32() default false;
}
