package org.jinku.scenario.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.jinku.scenario.RunResult;
import org.jinku.scenario.ScenarioResult;
import org.jinku.scenario.Status;
import org.jinku.scenario.StepResult;

/**
 * Writes a run as JUnit XML, the form CI systems (Jenkins, GitLab, GitHub actions) read: one testsuite
 * per scenario file, one testcase per scenario; a failed scenario is a failure, a broken (unreadable)
 * one an error.
 */
public final class JunitReport {

    private JunitReport() {
    }

    public static void write(RunResult run, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            write(run, out, ZoneId.systemDefault());
        }
    }

    static void write(RunResult run, OutputStream out, ZoneId zone) throws IOException {
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            new JunitReport().document(w, run, zone);
            w.flush();
            w.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write the JUnit report: " + e.getMessage(), e);
        }
    }

    private XMLStreamWriter w;

    private void document(XMLStreamWriter writer, RunResult run, ZoneId zone) throws XMLStreamException {
        this.w = writer;
        Map<String, List<ScenarioResult>> byFile = new LinkedHashMap<>();
        for (ScenarioResult s : run.scenarios()) {
            byFile.computeIfAbsent(s.file() == null ? "" : s.file(), f -> new ArrayList<>()).add(s);
        }
        // JUnit's timestamp is a local date-time without zone, to the second.
        String timestamp = run.started() == null ? null
                : LocalDateTime.ofInstant(run.started(), zone).truncatedTo(ChronoUnit.SECONDS)
                        .format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);

        w.writeStartDocument("UTF-8", "1.0");
        nl(0);
        w.writeStartElement("testsuites");
        attr("name", "jinku-joint-test");
        attr("tests", run.scenarios().size());
        attr("failures", run.count(Status.FAILED));
        attr("errors", run.count(Status.BROKEN));
        attr("skipped", run.count(Status.SKIPPED));
        attr("time", seconds(run.took() != null ? run.took() : total(run.scenarios())));
        if (timestamp != null) {
            attr("timestamp", timestamp);
        }
        for (Map.Entry<String, List<ScenarioResult>> f : byFile.entrySet()) {
            suite(run, f.getKey(), f.getValue(), timestamp);
        }
        nl(0);
        w.writeEndElement();
        nl(0);
        w.writeEndDocument();
    }

    private void suite(RunResult run, String file, List<ScenarioResult> scenarios, String timestamp)
            throws XMLStreamException {
        nl(1);
        w.writeStartElement("testsuite");
        attr("name", file);
        attr("tests", scenarios.size());
        attr("failures", scenarios.stream().filter(s -> s.status() == Status.FAILED).count());
        attr("errors", scenarios.stream().filter(s -> s.status() == Status.BROKEN).count());
        attr("skipped", scenarios.stream().filter(s -> s.status() == Status.SKIPPED).count());
        attr("time", seconds(total(scenarios)));
        if (timestamp != null) {
            attr("timestamp", timestamp);
        }
        properties(run);
        String classname = classname(file);
        for (ScenarioResult s : scenarios) {
            testcase(classname, s);
        }
        nl(1);
        w.writeEndElement();
    }

    /** The run's id, environment and versions, so a CI page shows what was tested. */
    private void properties(RunResult run) throws XMLStreamException {
        nl(2);
        w.writeStartElement("properties");
        property("runId", run.runId());
        property("environment", run.environment());
        for (Map.Entry<String, String> v : new TreeMap<>(run.versions()).entrySet()) {
            property("version." + v.getKey(), v.getValue());
        }
        nl(2);
        w.writeEndElement();
    }

    private void property(String name, String value) throws XMLStreamException {
        nl(3);
        w.writeEmptyElement("property");
        attr("name", name);
        attr("value", value == null ? "" : value);
    }

    private void testcase(String classname, ScenarioResult s) throws XMLStreamException {
        nl(2);
        w.writeStartElement("testcase");
        attr("classname", classname);
        attr("name", s.name() == null ? "" : s.name());
        attr("time", seconds(s.took()));
        Status status = s.status() == null ? Status.SKIPPED : s.status();
        switch (status) {
            case FAILED -> {
                List<StepResult> failed = s.steps().stream().filter(st -> st.status() == Status.FAILED).toList();
                String message = failed.isEmpty()
                        ? (s.problem() != null ? s.problem() : "scenario failed")
                        : stepText(failed.get(0));
                StringBuilder body = new StringBuilder();
                for (StepResult st : failed) {
                    body.append(stepText(st)).append('\n');
                    if (st.summary() != null && !st.summary().isEmpty()) {
                        body.append("  step: ").append(st.summary()).append('\n');
                    }
                }
                if (s.problem() != null) {
                    body.append(s.problem()).append('\n');
                }
                nl(3);
                w.writeStartElement("failure");
                attr("message", oneLine(message));
                attr("type", "ScenarioFailure");
                text(body.length() == 0 ? message : body.toString());
                w.writeEndElement();
            }
            case BROKEN -> {
                String problem = s.problem() != null ? s.problem() : "scenario file could not be read";
                nl(3);
                w.writeStartElement("error");
                attr("message", oneLine(problem));
                attr("type", "BrokenScenario");
                text(problem);
                w.writeEndElement();
            }
            case SKIPPED -> {
                nl(3);
                w.writeEmptyElement("skipped");
                if (s.problem() != null) {
                    attr("message", oneLine(s.problem()));
                }
            }
            default -> {
            }
        }
        if (!s.steps().isEmpty()) {
            // Every step with its outcome, for reading a scenario's course on the CI page.
            StringBuilder out = new StringBuilder();
            for (StepResult st : s.steps()) {
                out.append(st.status() == Status.PASSED ? "✔ " : st.status() == Status.FAILED ? "✘ " : "- ")
                        .append("line ").append(st.line()).append(' ').append(st.id()).append(" (")
                        .append(st.kind()).append(")");
                if (st.summary() != null && !st.summary().isEmpty()) {
                    out.append(": ").append(st.summary());
                }
                out.append(" [").append(seconds(st.took())).append(" s]\n");
                if (st.reason() != null && !st.reason().isEmpty()) {
                    out.append("    ").append(st.reason().replace("\n", "\n    ")).append('\n');
                }
            }
            nl(3);
            w.writeStartElement("system-out");
            text(out.toString());
            w.writeEndElement();
        }
        nl(2);
        w.writeEndElement();
    }

    /** "id (kind) at line N: reason", as the failure message names a step. */
    static String stepText(StepResult st) {
        return st.id() + " (" + st.kind() + ") at line " + st.line() + ": "
                + (st.reason() == null ? "failed" : st.reason());
    }

    /** The scenario file as a class name: without .yaml, separators to dots ("flows/pay.yaml" → "flows.pay"). */
    static String classname(String file) {
        String c = file == null ? "" : file.replace('\\', '/');
        if (c.startsWith("./")) {
            c = c.substring(2);
        }
        String lower = c.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".yaml")) {
            c = c.substring(0, c.length() - 5);
        } else if (lower.endsWith(".yml")) {
            c = c.substring(0, c.length() - 4);
        }
        c = c.replace('/', '.');
        while (c.startsWith(".")) {
            c = c.substring(1);
        }
        return c.isEmpty() ? "scenario" : c;
    }

    private static Duration total(List<ScenarioResult> scenarios) {
        Duration d = Duration.ZERO;
        for (ScenarioResult s : scenarios) {
            if (s.took() != null) {
                d = d.plus(s.took());
            }
        }
        return d;
    }

    static String seconds(Duration d) {
        return d == null ? "0.000" : String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e9);
    }

    private static String oneLine(String s) {
        return s.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    private void attr(String name, String value) throws XMLStreamException {
        w.writeAttribute(name, xmlChars(value));
    }

    private void attr(String name, long value) throws XMLStreamException {
        w.writeAttribute(name, Long.toString(value));
    }

    private void text(String s) throws XMLStreamException {
        w.writeCharacters(xmlChars(s));
    }

    private void nl(int depth) throws XMLStreamException {
        w.writeCharacters("\n" + "  ".repeat(depth));
    }

    /**
     * Replaces characters XML 1.0 cannot carry at all (control characters such as ESC from coloured
     * output, lone surrogates), which the stream writer would pass through and leave the file unreadable.
     */
    static String xmlChars(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = null;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int n = Character.charCount(cp);
            boolean ok = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                    || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
            if (!ok && b == null) {
                b = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (b != null) {
                if (ok) {
                    b.appendCodePoint(cp);
                } else {
                    b.append('\uFFFD');
                }
            }
            i += n;
        }
        return b == null ? s : b.toString();
    }
}
