package io.pacer.scheduler.app;

import java.util.Optional;

/** A placement rule, Marathon's {@code [field, operator(, value)]} (types/constraint.raml). */
public record Constraint(String field, Operator operator, Optional<String> value) {
    public enum Operator { UNIQUE, CLUSTER, GROUP_BY, LIKE, UNLIKE, MAX_PER, IS }
}
