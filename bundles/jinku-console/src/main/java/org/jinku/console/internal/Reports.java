package org.jinku.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The joint-test reports (联调报告) the scenario runner wrote: one directory per run under
 * {@code ${karaf.data}/jinku/reports} holding {@code report.html} and {@code junit.xml}. Runs written elsewhere with
 * {@code --report DIR} are not listed.
 */
final class Reports {

    static final List<String> FILES = List.of("report.html", "junit.xml");
    private static final Pattern RUN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    /** One run: its counts from junit.xml (scenarios, failed, broken, skipped). */
    record Run(String name, Instant at, boolean html, boolean junit, int tests, int failures, int errors,
               int skipped) {
    }

    private final Path dir;

    Reports(Path dir) {
        this.dir = dir;
    }

    static Reports inKarafData() {
        return new Reports(Path.of(System.getProperty("karaf.data", "data"), "jinku", "reports"));
    }

    /** Newest first. */
    List<Run> runs() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Run> runs = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(Files::isDirectory).toList()) {
                String name = p.getFileName().toString();
                if (!RUN.matcher(name).matches()) {
                    continue;
                }
                Path html = p.resolve("report.html");
                Path junit = p.resolve("junit.xml");
                if (!Files.isRegularFile(html) && !Files.isRegularFile(junit)) {
                    continue;
                }
                int[] c = Files.isRegularFile(junit) ? counts(junit) : new int[4];
                runs.add(new Run(name, Files.getLastModifiedTime(p).toInstant(), Files.isRegularFile(html),
                        Files.isRegularFile(junit), c[0], c[1], c[2], c[3]));
            }
        }
        runs.sort(Comparator.comparing(Run::at).reversed().thenComparing(Run::name, Comparator.reverseOrder()));
        return runs;
    }

    /** A file of a run, only report.html or junit.xml of a run directory directly under the reports directory. */
    Optional<Path> file(String run, String file) {
        if (run == null || !RUN.matcher(run).matches() || !FILES.contains(file)) {
            return Optional.empty();
        }
        Path p = dir.resolve(run).resolve(file).normalize();
        return p.startsWith(dir.normalize()) && Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /**
     * tests, failures, errors, skipped summed over the testsuites of a junit.xml (the runner writes one testsuite per
     * file); read with DTDs refused.
     */
    static int[] counts(Path junit) {
        int[] c = new int[4];
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        try (InputStream in = Files.newInputStream(junit)) {
            XMLStreamReader r = f.createXMLStreamReader(in);
            while (r.hasNext()) {
                if (r.next() == XMLStreamConstants.START_ELEMENT && r.getLocalName().equals("testsuite")) {
                    c[0] += number(r, "tests");
                    c[1] += number(r, "failures");
                    c[2] += number(r, "errors");
                    c[3] += number(r, "skipped");
                }
            }
            r.close();
        } catch (IOException | XMLStreamException | RuntimeException e) {
            return new int[] {-1, -1, -1, -1}; // unreadable (still being written?): shown as unknown
        }
        return c;
    }

    private static int number(XMLStreamReader r, String attribute) {
        String v = r.getAttributeValue(XMLConstants.NULL_NS_URI, attribute);
        try {
            return v == null ? 0 : Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
