package org.jinku.scenario;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs joint-test scenario files against the nodes of this appliance and writes the report. Registered
 * as an OSGi service by the scenario-runner bundle; {@code jinku:scenario-run} and {@code ./jinku scenarios}
 * use it.
 */
public interface ScenarioRunner {

    /**
     * Runs every scenario in {@code paths} (files, or directories searched for {@code *.yaml}/{@code *.yml},
     * in name order), one after the other; a broken file is reported and the others still run. Writes
     * {@code report.html} and {@code junit.xml} into {@code reportDir}.
     *
     * @param tags     run only scenarios carrying one of these tags (empty: all)
     * @param progress one line per scenario as it finishes
     */
    RunResult run(List<Path> paths, List<String> tags, Path reportDir, Consumer<String> progress);

    /** Where the shipped scenarios are ({@code ${karaf.home}/scenarios} in the distribution). */
    Path shippedScenarios();
}
