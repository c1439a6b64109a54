package dev.bitste.benchrun;

import dev.bitste.results.WorkUnit;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The work one operation of a benchmark does: {@code times} the product of the {@code per} parameters, in
 * {@code unit}; the report turns it into binary ops/ns, MACs/ns, GB/s or images/s next to JMH's score. On a
 * benchmark class it declares the problem every method solves (the unit charts draw every implementation in);
 * on a method it declares that method's own work instead (e.g. MACs/ns for the float32 form of a binary
 * problem). Repeatable: a kernel that is both compute and memory bound declares both.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Repeatable(Work.List.class)
public @interface Work {
    WorkUnit unit();

    /** Parameters whose values multiply into the work of one operation (none: {@code times} alone). */
    String[] per() default {};

    double times() default 1;

    /** The container of repeated {@link Work} declarations. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD})
    @interface List {
        Work[] value();
    }
}
