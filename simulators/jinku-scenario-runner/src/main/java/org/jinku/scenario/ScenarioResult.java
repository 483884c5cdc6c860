package org.jinku.scenario;

import java.time.Duration;
import java.util.List;

/**
 * A scenario's outcome.
 *
 * @param file    the scenario file as given to the runner (relative where it could be)
 * @param problem for a BROKEN scenario, "file:line: problem"; otherwise null
 */
public record ScenarioResult(String name, String file, List<String> tags, Status status, String problem,
                             Duration took, List<StepResult> steps) {

    public ScenarioResult {
        tags = List.copyOf(tags);
        steps = List.copyOf(steps);
    }

    /** The first failed step, if any. */
    public java.util.Optional<StepResult> firstFailure() {
        return steps.stream().filter(s -> s.status() == Status.FAILED).findFirst();
    }
}
