package org.jinku.scenario.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import org.jinku.scenario.RunResult;
import org.jinku.scenario.ScenarioRunner;
import org.jinku.scenario.Status;

@Command(scope = "jinku", name = "scenario-run", description = "Runs joint-test scenarios (四方联调) against the nodes"
        + " here and writes report.html and junit.xml; no path: the shipped scenarios")
@Service
public class ScenarioRunCommand implements Action {

    @Reference
    ScenarioRunner runner;

    @Argument(index = 0, name = "paths", multiValued = true, description = "Scenario files or directories")
    List<String> paths;

    @Option(name = "--report", description = "Directory for report.html and junit.xml"
            + " (default: ${karaf.data}/jinku/reports/run-<yyyyMMdd-HHmmss>)")
    String report;

    @Option(name = "--tag", multiValued = true, description = "Run only scenarios with this tag")
    List<String> tags;

    @Override
    public Object execute() {
        List<Path> files = new ArrayList<>();
        if (paths == null || paths.isEmpty()) {
            files.add(runner.shippedScenarios());
        } else {
            paths.forEach(p -> files.add(Path.of(p)));
        }
        Path dir = report != null ? Path.of(report)
                : Path.of(System.getProperty("karaf.data", "."), "jinku", "reports",
                "run-" + java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        RunResult r = runner.run(files, tags == null ? List.of() : tags, dir, System.out::println);
        long steps = r.scenarios().stream().mapToLong(s -> s.steps().size()).sum();
        System.out.printf("scenarios: %d passed, %d failed, %d broken, %d skipped (%d steps) in %.1f s, run %s%n",
                r.count(Status.PASSED), r.count(Status.FAILED), r.count(Status.BROKEN), r.count(Status.SKIPPED), steps,
                r.took().toMillis() / 1000.0, r.runId());
        System.out.println("report: " + dir.resolve("report.html").toAbsolutePath());
        return null;
    }
}
