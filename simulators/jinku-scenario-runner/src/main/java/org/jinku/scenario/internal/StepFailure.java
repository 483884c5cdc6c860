package org.jinku.scenario.internal;

/** A step did not get what it expected; the message is the reason shown in the report. */
final class StepFailure extends RuntimeException {

    StepFailure(String reason) {
        super(reason);
    }
}
