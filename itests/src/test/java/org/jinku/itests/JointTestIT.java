package org.jinku.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import org.jinku.scenario.RunResult;
import org.jinku.scenario.ScenarioResult;
import org.jinku.scenario.ScenarioRunner;
import org.jinku.scenario.Status;

/**
 * The joint test (四方联调) in the box: the shipped scenarios pass against the real distribution; a
 * deliberately failing and a broken scenario show as such in the report and in junit.xml; the report,
 * opened in a real headless Chromium, renders the scenario names, pass/fail marks and the timeline.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class JointTestIT extends JinkuTestSupport {

    @Inject
    ScenarioRunner runner;

    private static Path here() {
        return Path.of(System.getProperty("jinku.itests.dir", "."));
    }

    @Test
    public void theShippedSuitePassesAndItsReportRendersInChromium() throws Exception {
        Path out = here().resolve("target/joint-test/shipped");
        long t = System.nanoTime();
        RunResult run = runner.run(List.of(runner.shippedScenarios()), List.of(), out, line -> { });
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t);
        String failures = run.scenarios().stream().filter(s -> s.status() != Status.PASSED)
                .map(s -> s.name() + ": " + (s.problem() != null ? s.problem()
                        : s.firstFailure().map(f -> f.id() + " line " + f.line() + ": " + f.reason()).orElse("")))
                .collect(Collectors.joining("\n"));
        assertTrue(failures, run.passed());
        assertTrue("shipped scenarios: " + run.scenarios().size(), run.scenarios().size() >= 20);
        assertTrue("the suite took " + seconds + " s", seconds < 180);
        for (String tag : List.of("flow", "violation", "fault")) {
            assertTrue(tag, run.scenarios().stream().anyMatch(s -> s.tags().contains(tag)));
        }
        assertTrue(run.timeline().size() > 100);

        Path html = out.resolve("report.html");
        String dom = chromium("--dump-dom", html);
        assertTrue(dom.contains("20 ") || dom.contains(">" + run.scenarios().size() + "<"));
        for (ScenarioResult s : run.scenarios()) {
            assertTrue("the page names " + s.name(), dom.contains(escape(s.name())));
        }
        assertTrue(dom.contains("id=\"timeline\""));
        assertTrue(dom.contains("kind-VOUCHER") && dom.contains("kind-RECEIPT") && dom.contains("kind-ACK"));
        assertTrue(dom.contains("✔"));
        Path png = here().resolve("target/joint-test-report.png");
        Files.deleteIfExists(png);
        chromium("--screenshot=" + png.toAbsolutePath(), html);
        assertTrue("screenshot " + png, Files.exists(png) && Files.size(png) > 10_000);
    }

    @Test
    public void aFailingAndABrokenScenarioShowInTheReportAndInJunitXml() throws Exception {
        Path out = here().resolve("target/joint-test/failing");
        RunResult run = runner.run(List.of(here().resolve("src/test/resources/scenarios-failing")), List.of(), out,
                line -> { });
        assertEquals(3, run.scenarios().size());
        assertEquals(1, run.count(Status.PASSED));
        assertEquals(1, run.count(Status.FAILED));
        assertEquals(1, run.count(Status.BROKEN));
        ScenarioResult failed = run.scenarios().stream().filter(s -> s.status() == Status.FAILED).findFirst().orElseThrow();
        String reason = failed.firstFailure().orElseThrow().reason();
        assertTrue(reason, reason.contains("XPayAmt") && reason.contains("100.00") && reason.contains("999.99"));
        assertEquals(Status.SKIPPED, failed.steps().get(failed.steps().size() - 1).status());
        ScenarioResult broken = run.scenarios().stream().filter(s -> s.status() == Status.BROKEN).findFirst().orElseThrow();
        assertTrue(broken.problem(), broken.problem().contains("c-broken.yaml:4") && broken.problem().contains("pay-twice"));

        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document junit = f.newDocumentBuilder().parse(new ByteArrayInputStream(Files.readAllBytes(out.resolve("junit.xml"))));
        Element suites = junit.getDocumentElement();
        assertEquals("1", suites.getAttribute("failures"));
        assertEquals("1", suites.getAttribute("errors"));
        Element failure = (Element) junit.getElementsByTagName("failure").item(0);
        assertTrue(failure.getAttribute("message"), failure.getAttribute("message").contains("999.99"));
        Element error = (Element) junit.getElementsByTagName("error").item(0);
        assertTrue(error.getAttribute("message"), error.getAttribute("message").contains("pay-twice"));

        String dom = chromium("--dump-dom", out.resolve("report.html"));
        assertTrue(dom.contains("✘") && dom.contains("✔"));
        assertTrue(dom.contains("999.99"));
        assertTrue(dom.contains("pay-twice"));
        assertTrue(dom.contains(escape(failed.name())));
    }

    /** Runs Debian's chromium headless on a local file; returns what it printed. */
    private static String chromium(String what, Path file) throws IOException, InterruptedException {
        Path bin = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser").stream().map(Path::of)
                .filter(Files::isExecutable).findFirst().orElse(null);
        if (bin == null) {
            fail("no chromium: install Debian's chromium (.ci/run does: apt-get install -y chromium)");
        }
        Path stdout = Files.createTempFile("chromium", ".out");
        Process p = new ProcessBuilder(bin.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--window-size=1400,2600", "--virtual-time-budget=3000", what,
                file.toUri().toString()).redirectOutput(stdout.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish in 90 s");
        }
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
