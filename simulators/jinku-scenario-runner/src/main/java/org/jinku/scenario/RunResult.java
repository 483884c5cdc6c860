package org.jinku.scenario;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One run of joint-test scenarios (联调): what each scenario and step did, the messages between the
 * parties on a timeline, and each voucher's path. Reports are written from it.
 *
 * @param runId       unique per run; every voucher number made in the run carries it
 * @param environment which appliance and which parties were simulated or real
 * @param versions    component versions, for the report's header
 */
public record RunResult(String runId, Instant started, Duration took, String environment,
                        Map<String, String> versions, List<ScenarioResult> scenarios,
                        List<TimelineEvent> timeline, List<VoucherTrace> vouchers) {

    public RunResult {
        versions = Map.copyOf(versions);
        scenarios = List.copyOf(scenarios);
        timeline = List.copyOf(timeline);
        vouchers = List.copyOf(vouchers);
    }

    public long count(Status status) {
        return scenarios.stream().filter(s -> s.status() == status).count();
    }

    /** Whether every scenario passed (skipped ones aside). */
    public boolean passed() {
        return scenarios.stream().allMatch(s -> s.status() == Status.PASSED || s.status() == Status.SKIPPED);
    }
}
