package org.jinku.scenario;

import java.time.Duration;

/**
 * One step's outcome.
 *
 * @param line    line of the step in its file
 * @param kind    the step kind (submit, expect-status, fault, …)
 * @param summary what the step did, in words ("finance submits 5201 D-… to bank105")
 * @param reason  why it failed (or was skipped); null when it passed
 */
public record StepResult(String id, String kind, int line, String summary, Status status, String reason,
                         Duration took) {
}
