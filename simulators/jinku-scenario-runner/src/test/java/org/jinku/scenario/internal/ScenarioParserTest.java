package org.jinku.scenario.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioParserTest {

    @TempDir
    Path dir;

    private Scenario parse(String yaml) throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, yaml);
        return new ScenarioParser().parse(f, "s.yaml");
    }

    private BrokenScenarioException broken(String yaml) throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, yaml);
        return assertThrows(BrokenScenarioException.class, () -> new ScenarioParser().parse(f, "s.yaml"));
    }

    @Test
    void aScenarioIsReadWithItsStepsLinesAndIds() throws Exception {
        Scenario s = parse("""
                scenario: paid
                tags: [flow]
                steps:
                  - id: pay
                    submit: {as: finance, voucher: "5201"}
                  - expect-status: {at: finance, voucher: pay, status: 12}
                  - restart: bank105
                  - check-ledgers: [pay]
                """);
        assertEquals("paid", s.name());
        assertEquals(4, s.steps().size());
        assertEquals("pay", s.steps().get(0).id());
        assertEquals(4, s.steps().get(0).line());
        assertEquals(StepKind.EXPECT_STATUS, s.steps().get(1).kind());
        assertEquals("step2", s.steps().get(1).id());
        assertEquals("bank105", s.steps().get(2).text("node"));
        assertTrue(s.steps().get(3).args().get("vouchers").isArray());
    }

    @Test
    void everyProblemNamesTheFileTheLineAndTheStep() throws Exception {
        BrokenScenarioException e = broken("scenario: x\nsteps:\n  - submit: {as: finance}\n  - pay-twice: {as: finance}\n");
        assertEquals("s.yaml:4: step 2: unknown step kind 'pay-twice'; the kinds are: " + StepKind.words(), e.getMessage());
        e = broken("scenario: x\nsteps:\n  - expect-status: {at: finance, voucher: v, status: 12, withn: 3s}\n");
        assertTrue(e.getMessage().startsWith("s.yaml:3: step 1 (expect-status): unknown argument 'withn'"), e.getMessage());
        e = broken("scenario: x\nsteps:\n  - expect-refusal: {at: pboc, voucher: v}\n");
        assertEquals("s.yaml:3: step 1 (expect-refusal): 'code' is required", e.getMessage());
        e = broken("scenario: x\nsteps:\n  - id: a\n    submit: {as: finance}\n  - id: a\n    submit: {as: finance}\n");
        assertTrue(e.getMessage().startsWith("s.yaml:5: step 2 (submit 'a'): id 'a' is used by an earlier step"),
                e.getMessage());
        e = broken("scenario: x\nsteps: [\n  - a\n");
        assertTrue(e.getMessage().startsWith("s.yaml:"), e.getMessage());
        assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
        e = broken("steps:\n  - restart: bank105\n");
        assertTrue(e.getMessage().contains("no 'scenario:' name"), e.getMessage());
        e = broken("scenario: x\nsteps:\n  - submit: {as: finance}\n    restart: bank105\n");
        assertTrue(e.getMessage().contains("has two kinds"), e.getMessage());
    }

    @Test
    void aSignStepTakesAQuotedPinAndAnExpectedRefusal() throws Exception {
        Scenario s = parse("""
                scenario: wrong pin
                steps:
                  - sign: {as: finance, voucher: pay, user: lr01, pin: "000000", expect-error: WRONG_PIN}
                """);
        assertEquals("000000", s.steps().get(0).text("pin"));
        assertEquals("WRONG_PIN", s.steps().get(0).text("expect-error"));
        BrokenScenarioException e = broken("scenario: x\nsteps:\n  - sign: {as: finance, voucher: v, pin: 000000}\n");
        assertEquals("s.yaml:3: step 1 (sign): 'pin' is text; quote it, e.g. pin: \"000000\"", e.getMessage());
    }

    @Test
    void everyShippedScenarioParses() throws Exception {
        java.util.List<Path> files = Runner.files(java.util.List.of(Path.of("../scenarios")));
        assertTrue(files.size() > 10, "shipped scenarios: " + files);
        for (Path f : files) {
            assertTrue(new ScenarioParser().parse(f, f.toString()).steps().size() > 0, f.toString());
        }
    }
}
