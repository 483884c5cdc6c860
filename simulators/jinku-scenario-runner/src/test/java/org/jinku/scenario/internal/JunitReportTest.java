package org.jinku.scenario.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import org.jinku.scenario.RunResult;

class JunitReportTest {

    @Test
    void oneSuitePerFileWithFailuresErrorsAndSkips(@TempDir Path dir) throws Exception {
        RunResult run = HtmlReportTest.sampleRun();
        Path file = dir.resolve("reports/junit.xml");
        JunitReport.write(run, file);
        Document doc = parse(file);

        Element root = doc.getDocumentElement();
        assertEquals("testsuites", root.getTagName());
        assertEquals("jinku-joint-test", root.getAttribute("name"));
        assertEquals("4", root.getAttribute("tests"));
        assertEquals("1", root.getAttribute("failures"));
        assertEquals("1", root.getAttribute("errors"));
        assertEquals("4.000", root.getAttribute("time"));

        List<Element> suites = children(root, "testsuite");
        assertEquals(List.of("scenarios/pay/5201.yaml", "scenarios/broken.yaml", "./scenarios/later.yml"),
                suites.stream().map(s -> s.getAttribute("name")).toList());
        Element pay = suites.get(0);
        assertEquals("2", pay.getAttribute("tests"));
        assertEquals("1", pay.getAttribute("failures"));
        assertEquals("0", pay.getAttribute("errors"));
        assertEquals("0", pay.getAttribute("skipped"));
        assertEquals("3.734", pay.getAttribute("time"));
        assertTrue(pay.getAttribute("timestamp").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d"));

        List<Element> cases = children(pay, "testcase");
        assertEquals("scenarios.pay.5201", cases.get(0).getAttribute("classname"));
        assertEquals("5201 直接支付 round trip", cases.get(0).getAttribute("name"));
        assertEquals("1.234", cases.get(0).getAttribute("time"));
        assertTrue(children(cases.get(0), "failure").isEmpty());

        Element failedCase = cases.get(1);
        assertEquals("退回 <refund> & \"quotes\"", failedCase.getAttribute("name"));
        Element failure = children(failedCase, "failure").get(0);
        assertEquals("ScenarioFailure", failure.getAttribute("type"));
        assertEquals("check-status (expect-status) at line 14: expected status 3 (对方签收成功) but was 10 <退回> & 'x'"
                + " second line", failure.getAttribute("message"));
        // Every failed step inside, the reasons in full (the ESC of a coloured message made harmless).
        String body = failure.getTextContent();
        assertTrue(body.contains(HtmlReportTest.REASON), body);
        assertTrue(body.contains("ledger (expect-ledger) at line 20: \uFFFD[31mbank <sum> 10.00 ≠ 回单 9.00"), body);
        assertTrue(children(failedCase, "system-out").get(0).getTextContent().contains("line 25 after (submit)"));

        Element brokenCase = children(suites.get(1), "testcase").get(0);
        assertEquals("scenarios.broken", brokenCase.getAttribute("classname"));
        Element error = children(brokenCase, "error").get(0);
        assertEquals("BrokenScenario", error.getAttribute("type"));
        assertEquals("scenarios/broken.yaml:7: unknown step kind 'sumbit' <here>", error.getAttribute("message"));
        assertEquals("1", suites.get(1).getAttribute("errors"));

        Element skippedCase = children(suites.get(2), "testcase").get(0);
        assertEquals("scenarios.later", skippedCase.getAttribute("classname"));
        assertEquals(1, children(skippedCase, "skipped").size());
        assertEquals("1", suites.get(2).getAttribute("skipped"));

        Element props = children(pay, "properties").get(0);
        assertTrue(children(props, "property").stream()
                .anyMatch(p -> p.getAttribute("name").equals("runId") && p.getAttribute("value").equals("run-20250304-abc")));
    }

    @Test
    void classnameDropsTheExtensionAndUsesDots() {
        assertEquals("flows.pay", JunitReport.classname("flows/pay.yaml"));
        assertEquals("flows.pay", JunitReport.classname("flows\\pay.yml"));
        assertEquals("home.ci.s.x", JunitReport.classname("/home/ci/s/x.yaml"));
        assertEquals("scenario", JunitReport.classname(null));
    }

    private static Document parse(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setExpandEntityReferences(false);
        return f.newDocumentBuilder().parse(file.toFile());
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }
}
