package org.jinku.scenario.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import org.jinku.scenario.RunResult;
import org.jinku.scenario.ScenarioResult;
import org.jinku.scenario.Status;
import org.jinku.scenario.StepResult;
import org.jinku.scenario.TimelineEvent;
import org.jinku.scenario.VoucherTrace;

class HtmlReportTest {

    static final Instant T0 = Instant.parse("2025-03-04T01:02:03.456Z");
    static final String FAILED_NAME = "退回 <refund> & \"quotes\"";
    static final String REASON = "expected status 3 (对方签收成功) but was 10 <退回> & 'x'\nsecond line";

    /** A run with a passed, a failed, a broken and a skipped scenario, and text that needs escaping. */
    static RunResult sampleRun() {
        ScenarioResult passed = new ScenarioResult("5201 直接支付 round trip", "scenarios/pay/5201.yaml",
                List.of("smoke", "5201"), Status.PASSED, null, Duration.ofMillis(1234), List.of(
                        new StepResult("submit", "submit", 5, "finance submits 5201 D-1 to bank105", Status.PASSED,
                                null, Duration.ofMillis(300)),
                        new StepResult("receipt", "expect-status", 9, "finance sees 回单", Status.PASSED, null,
                                Duration.ofMillis(900))));
        ScenarioResult failed = new ScenarioResult(FAILED_NAME, "scenarios/pay/5201.yaml", List.of("refund"),
                Status.FAILED, null, Duration.ofMillis(2500), List.of(
                        new StepResult("send", "submit", 12, "finance submits 2301", Status.PASSED, null,
                                Duration.ofMillis(100)),
                        new StepResult("check-status", "expect-status", 14, "status is 3", Status.FAILED, REASON,
                                Duration.ofMillis(2000)),
                        new StepResult("ledger", "expect-ledger", 20, "ledger sums", Status.FAILED,
                                "\u001b[31mbank <sum> 10.00 ≠ 回单 9.00\u001b[0m", Duration.ofMillis(5)),
                        new StepResult("after", "submit", 25, "not reached", Status.SKIPPED, "earlier step failed",
                                Duration.ZERO)));
        ScenarioResult broken = new ScenarioResult("broken", "scenarios/broken.yaml", List.of(), Status.BROKEN,
                "scenarios/broken.yaml:7: unknown step kind 'sumbit' <here>", Duration.ZERO, List.of());
        ScenarioResult skipped = new ScenarioResult("later", "./scenarios/later.yml", List.of("slow"),
                Status.SKIPPED, null, Duration.ZERO, List.of());

        List<TimelineEvent> timeline = List.of(
                new TimelineEvent(T0, FAILED_NAME, "finance", "pboc", "VOUCHER", "2301 凭证 <&>", "2301/D-2",
                        "sent <Voucher> & signed"),
                new TimelineEvent(T0.plusMillis(3), FAILED_NAME, "pboc", "finance", "ACK", "签收", "2301/D-2", null),
                new TimelineEvent(T0.plusMillis(5), FAILED_NAME, "pboc", "pboc", "EVENT", "ledger +10.00", null,
                        "quota"),
                new TimelineEvent(T0.plusMillis(8), FAILED_NAME, "auditor", "pboc", "EVENT", "looked", null, null),
                new TimelineEvent(T0.plusMillis(1), "5201 直接支付 round trip", "finance", "bank105", "VOUCHER",
                        "5201 凭证", "5201/D-1", null),
                new TimelineEvent(T0.plusMillis(20), "5201 直接支付 round trip", "bank105", "finance", "RECEIPT",
                        "5201 回单", "5201/D-1", "回单 accepted"),
                new TimelineEvent(T0.plusMillis(30), FAILED_NAME, "bank102", "unit", "REFUSAL", "退回 BAD_FIELD",
                        "2301/D-2", "field <Amount> & more"));
        List<VoucherTrace> vouchers = List.of(new VoucherTrace("2301/D-2", FAILED_NAME, List.of(
                new VoucherTrace.Hop(T0, "finance", 0, "SENT", "finance", "sent <signed>"),
                new VoucherTrace.Hop(T0.plusMillis(3), "pboc", 0, "RECEIVED", "pboc", null),
                new VoucherTrace.Hop(T0.plusMillis(30), "pboc", 1, "REFUSED", "bank102", "退回 & gone"))));
        return new RunResult("run-20250304-abc", T0, Duration.ofSeconds(4), "appliance local, bank105 simulated",
                Map.of("jinku", "0.1.0-SNAPSHOT", "jinku-sim-bank", "0.1.0"), List.of(passed, failed, broken, skipped),
                timeline, vouchers);
    }

    @Test
    void showsScenariosMarksAndEscapedText(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("report/index.html");
        HtmlReport.write(sampleRun(), file);
        String html = Files.readString(file, StandardCharsets.UTF_8);

        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<meta charset=\"utf-8\">"));
        assertTrue(html.contains("Jinku 四方联调 joint test"));
        assertTrue(html.contains("run-20250304-abc"));
        assertTrue(html.contains("jinku-sim-bank"));
        assertTrue(html.contains("<span class=\"scenario-name\">5201 直接支付 round trip</span>"));
        assertTrue(html.contains("<span class=\"scenario-name\">退回 &lt;refund&gt; &amp; &quot;quotes&quot;</span>"));
        assertTrue(html.contains("<span class=\"mark pass\" title=\"passed\">✔</span>"));
        assertTrue(html.contains("<span class=\"mark fail\" title=\"failed\">✘</span>"));
        for (String status : List.of("PASSED", "FAILED", "BROKEN", "SKIPPED")) {
            assertTrue(Pattern.compile("<section class=\"scenario\" id=\"scenario-\\d+\" data-status=\""
                    + status + "\">").matcher(html).find(), status);
        }
        // The failure reason in full, escaped, and the broken scenario's problem.
        assertTrue(html.contains("expected status 3 (对方签收成功) but was 10 &lt;退回&gt; &amp; &#39;x&#39;\nsecond line"));
        assertTrue(html.contains("scenarios/broken.yaml:7: unknown step kind &#39;sumbit&#39; &lt;here&gt;"));
        assertFalse(html.contains("\u001b"), "control characters are replaced");
        // Data never appears unescaped.
        assertFalse(html.contains("<refund>"));
        assertFalse(html.contains("<&>"));
        assertFalse(html.contains("<Amount>"));
        assertTrue(html.contains("2301 凭证 &lt;&amp;&gt;"));
        // Self-contained: nothing fetched from anywhere.
        assertFalse(html.contains("http://"));
        assertFalse(html.contains("https://"));
        assertFalse(html.contains("src="));
        assertFalse(html.contains("<link"));
        // Voucher path, collapsed.
        assertTrue(html.contains("<details class=\"voucher\""));
        assertTrue(html.contains("finance → pboc"));
        assertTrue(html.contains("退回 &amp; gone"));
    }

    @Test
    void timelineHasOneArrowPerMessageAndADotPerLocalEvent() throws Exception {
        RunResult run = sampleRun();
        String html = HtmlReport.render(run, ZoneId.of("Asia/Shanghai"));
        Element svg = timelineSvg(html);

        assertEquals(5, svg.getElementsByTagName("marker").getLength());
        NodeList rows = svg.getElementsByTagName("g");
        int arrows = 0;
        int dots = 0;
        List<String> kinds = new ArrayList<>();
        for (int i = 0; i < rows.getLength(); i++) {
            Element g = (Element) rows.item(i);
            if (!"ev".equals(g.getAttribute("class"))) {
                continue;
            }
            assertEquals("title", ((Element) g.getElementsByTagName("title").item(0)).getTagName());
            NodeList lines = g.getElementsByTagName("line");
            if (lines.getLength() == 1) {
                Element line = (Element) lines.item(0);
                assertTrue(line.getAttribute("class").startsWith("msg kind-"));
                assertTrue(line.getAttribute("marker-end").startsWith("url(#ah-"));
                kinds.add(line.getAttribute("class"));
                arrows++;
            } else {
                assertEquals(1, g.getElementsByTagName("circle").getLength());
                dots++;
            }
        }
        assertEquals(6, arrows);
        assertEquals(1, dots);
        assertTrue(kinds.containsAll(List.of("msg kind-VOUCHER", "msg kind-RECEIPT", "msg kind-ACK",
                "msg kind-REFUSAL", "msg kind-EVENT")));
        // Time labels in the run's zone, in time order (the 5201 voucher at +1 ms comes second).
        Matcher times = Pattern.compile("<text class=\"t\" x=\"\\d+\" y=\"16\">([0-9:.]+)</text>").matcher(html);
        List<String> labels = new ArrayList<>();
        while (times.find()) {
            labels.add(times.group(1));
        }
        assertEquals(List.of("09:02:03.456", "09:02:03.457", "09:02:03.459", "09:02:03.461", "09:02:03.464",
                "09:02:03.476", "09:02:03.486"), labels);
        // The tooltip carries time, voucher key and detail.
        assertTrue(html.contains("<title>09:02:03.456  VOUCHER  finance → pboc\n2301 凭证 &lt;&amp;&gt;\n"
                + "voucher: 2301/D-2\nsent &lt;Voucher&gt; &amp; signed\nscenario: "));
        // A filter with every scenario that has events.
        assertTrue(html.contains("<select id=\"tl-filter\">"));
        assertTrue(html.contains("<option value=\"1\">退回 &lt;refund&gt; &amp; &quot;quotes&quot; (5)</option>"));
    }

    @Test
    void lanesAreFinancePbocBanksUnitThenOthers() {
        List<String> lanes = HtmlReport.lanes(sampleRun().timeline());
        assertEquals(List.of("finance", "pboc", "bank102", "bank105", "unit", "auditor"), lanes);
    }

    @Test
    void threeThousandEventsStayCompact() throws Exception {
        RunResult sample = sampleRun();
        List<TimelineEvent> many = new ArrayList<>();
        String[] parties = {"finance", "pboc", "bank105", "unit"};
        for (int i = 0; i < 3000; i++) {
            many.add(new TimelineEvent(T0.plusMillis(i), "s" + (i % 7), parties[i % 4], parties[(i + 1) % 4],
                    i % 3 == 0 ? "VOUCHER" : "ACK", "签收 " + i, "k" + i, "detail " + i));
        }
        RunResult run = new RunResult("big", T0, Duration.ofMinutes(3), "env", Map.of(), sample.scenarios(), many,
                List.of());
        long start = System.nanoTime();
        String html = HtmlReport.render(run, ZoneId.of("UTC"));
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "renders in well under a few seconds");
        assertTrue(html.length() < 3_000_000, "about 1 KB per event at most, was " + html.length());
        Element svg = timelineSvg(html);
        assertEquals(Integer.toString(6 + 3000 * 24 + 10), svg.getAttribute("height"));
        assertEquals(3000, svg.getElementsByTagName("title").getLength());
    }

    /** The timeline's SVG, parsed as XML (it is written well-formed, so this also checks its nesting). */
    private static Element timelineSvg(String html) throws Exception {
        int from = html.indexOf("<svg id=\"timeline\"");
        int to = html.indexOf("</svg>", from) + "</svg>".length();
        assertTrue(from >= 0 && to > from);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = f.newDocumentBuilder()
                .parse(new ByteArrayInputStream(html.substring(from, to).getBytes(StandardCharsets.UTF_8)));
        return doc.getDocumentElement();
    }
}
