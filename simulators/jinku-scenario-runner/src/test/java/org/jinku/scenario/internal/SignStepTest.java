package org.jinku.scenario.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.jinku.api.Node;
import org.jinku.api.PartyRole;
import org.jinku.catalog.internal.CatalogService;
import org.jinku.scenario.ScenarioResult;
import org.jinku.scenario.Status;
import org.jinku.scenario.StepResult;
import org.jinku.sim.common.testing.FakeNode;

/** The sign step against a node in memory whose operators' containers open only with their own PINs. */
class SignStepTest {

    private static final Map<String, String> PINS = Map.of("lr01", "110111", "sh01", "110112");

    @TempDir
    Path dir;

    private final FakeNode finance = new FakeNode("finance", PartyRole.FINANCE, new CatalogService(), "lr01:ENTRY",
            "sh01:REVIEW");

    {
        finance.pins.putAll(PINS);
    }

    private final Box box = new Box() {
        @Override
        public Node node(String name) {
            return finance;
        }

        @Override
        public List<Node> nodes() {
            return List.of(finance);
        }

        @Override
        public Set<String> realParties() {
            return Set.of();
        }

        @Override
        public String simulatorOf(String party) {
            throw new StepFailure("no simulators here");
        }

        @Override
        public Map<String, Object> simulatorSettings(String simulator, Map<String, Object> values) {
            return Map.of();
        }

        @Override
        public Function<String, String> pins(String node) {
            return PINS::get;
        }

        @Override
        public void restart(String node) {
        }
    };

    private ScenarioResult run(String yaml) throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, yaml);
        Scenario s = new ScenarioParser().parse(f, "s.yaml");
        return new Execution(box, s, new Values("T1", LocalDate.parse("2026-11-24")), 1).run();
    }

    @Test
    void aWrongPinIsExpectedThenTheOperatorsOwnPinsSign() throws Exception {
        ScenarioResult r = run("""
                scenario: wrong pin
                steps:
                  - id: pay
                    submit: {as: finance, voucher: "5201", fields: {PayBankCode: "105"}, sign: false}
                  - sign: {as: finance, voucher: pay, user: lr01, pin: "000000", expect-error: WRONG_PIN}
                  - expect-status: {at: finance, voucher: pay, status: DRAFT, within: 1s}
                  - sign: {as: finance, voucher: pay, user: lr01}
                  - sign: {as: finance, voucher: pay, user: sh01}
                  - expect-status: {at: finance, voucher: pay, status: SENT, within: 1s}
                """);
        assertEquals(Status.PASSED, r.status(), r.steps().toString());
        assertTrue(r.steps().get(1).summary().contains("WRONG_PIN"), r.steps().get(1).summary());
        assertEquals(1, finance.sent.size());
    }

    @Test
    void anExpectedRefusalThatDoesNotComeFailsTheStep() throws Exception {
        ScenarioResult r = run("""
                scenario: right pin, refusal expected
                steps:
                  - id: pay
                    submit: {as: finance, voucher: "5201", fields: {PayBankCode: "105"}, sign: false}
                  - sign: {as: finance, voucher: pay, user: lr01, pin: "110111", expect-error: WRONG_PIN}
                """);
        StepResult s = r.steps().get(1);
        assertEquals(Status.FAILED, s.status());
        assertTrue(s.reason().contains("was accepted; expected the refusal WRONG_PIN"), s.reason());
    }

    @Test
    void aPinForEverySignerAndTheWrongCodeFail() throws Exception {
        ScenarioResult r = run("""
                scenario: one pin for all
                steps:
                  - id: pay
                    submit: {as: finance, voucher: "5201", fields: {PayBankCode: "105"}, sign: false}
                  - sign: {as: finance, voucher: pay, pin: "110111", expect-error: KEY_LOCKED}
                """);
        StepResult s = r.steps().get(1);
        assertEquals(Status.FAILED, s.status());
        assertTrue(s.reason().startsWith("sign was refused with WRONG_PIN"), s.reason());
    }
}
