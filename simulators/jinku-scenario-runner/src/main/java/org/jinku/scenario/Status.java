package org.jinku.scenario;

/** Outcome of a scenario or a step. BROKEN: the scenario file could not be read or is not valid. */
public enum Status {
    PASSED, FAILED, BROKEN, SKIPPED
}
