package org.jinku.scenario.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.jinku.scenario.RunResult;
import org.jinku.scenario.ScenarioResult;
import org.jinku.scenario.Status;
import org.jinku.scenario.StepResult;
import org.jinku.scenario.TimelineEvent;
import org.jinku.scenario.VoucherTrace;

/**
 * Writes a run as one self-contained HTML page (inline CSS and JS, no external reference, so it opens
 * from file:// and can be mailed or archived by CI as it is): header and counts, every scenario with its
 * steps, a swim-lane timeline of the messages between the parties, and each voucher's path.
 */
public final class HtmlReport {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    // Timeline geometry in px. Rows are evenly spaced (one per event, in time order) rather than
    // proportional to time: bursts of acks within a millisecond would otherwise overlap. The inline
    // script re-lays rows out with the same numbers when a filter hides some.
    private static final int ROW = 24;
    private static final int TOP = 6;
    private static final int LEFT = 104;
    private static final int LANE = 156;

    private static final List<String> KINDS = List.of("VOUCHER", "RECEIPT", "ACK", "REFUSAL", "EVENT");
    private static final Map<String, String> KIND_NAMES = Map.of("VOUCHER", "voucher 凭证",
            "RECEIPT", "receipt 回单", "ACK", "ack 接收/签收", "REFUSAL", "refusal 拒绝", "EVENT", "event");
    private static final Map<String, String> KIND_COLOURS = Map.of("VOUCHER", "#2563eb",
            "RECEIPT", "#16a34a", "ACK", "#8a919c", "REFUSAL", "#dc2626", "EVENT", "#7c3aed");

    private HtmlReport() {
    }

    public static void write(RunResult run, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, render(run, ZoneId.systemDefault()), StandardCharsets.UTF_8);
    }

    /** The page, with times shown in {@code zone}. */
    static String render(RunResult run, ZoneId zone) {
        StringBuilder h = new StringBuilder(64 * 1024 + run.timeline().size() * 700);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Jinku 四方联调 joint test · ").append(esc(run.runId())).append("</title>\n")
                .append("<style>").append(CSS).append("</style>\n</head>\n<body>\n<main>\n");
        header(h, run, zone);
        counts(h, run);
        Map<String, Integer> timelineScenarios = timelineScenarios(run);
        overview(h, run);
        scenarios(h, run, timelineScenarios);
        timeline(h, run, zone, timelineScenarios);
        vouchers(h, run, zone);
        h.append("</main>\n<script>\nvar ROW = ").append(ROW).append(", TOP = ").append(TOP).append(";\n")
                .append(JS).append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    // ---- header and counts ----

    private static void header(StringBuilder h, RunResult run, ZoneId zone) {
        boolean ok = run.passed();
        h.append("<header class=\"run ").append(ok ? "ok" : "bad").append("\">\n<div class=\"title\">")
                .append("<h1>Jinku 四方联调 joint test</h1>")
                .append("<span class=\"verdict ").append(ok ? "ok" : "bad").append("\">")
                .append(ok ? "✔ passed" : "✘ failed").append("</span></div>\n<dl class=\"meta\">");
        meta(h, "Run", "<code>" + esc(run.runId()) + "</code>");
        meta(h, "Started", run.started() == null ? "" : esc(STAMP.format(run.started().atZone(zone)))
                + " <span class=\"muted\">" + esc(zone.getId()) + "</span>");
        meta(h, "Duration", esc(duration(run.took())));
        meta(h, "Environment", esc(run.environment()));
        h.append("</dl>\n");
        if (!run.versions().isEmpty()) {
            h.append("<div class=\"versions\">");
            for (Map.Entry<String, String> v : new TreeMap<>(run.versions()).entrySet()) {
                h.append("<span class=\"chip\">").append(esc(v.getKey())).append(" <b>")
                        .append(esc(v.getValue())).append("</b></span>");
            }
            h.append("</div>\n");
        }
        h.append("</header>\n");
    }

    private static void meta(StringBuilder h, String name, String html) {
        h.append("<div><dt>").append(name).append("</dt><dd>").append(html).append("</dd></div>");
    }

    private static void counts(StringBuilder h, RunResult run) {
        long stepsPassed = 0;
        long stepsFailed = 0;
        long stepsSkipped = 0;
        for (ScenarioResult s : run.scenarios()) {
            for (StepResult st : s.steps()) {
                if (st.status() == Status.PASSED) {
                    stepsPassed++;
                } else if (st.status() == Status.FAILED || st.status() == Status.BROKEN) {
                    stepsFailed++;
                } else {
                    stepsSkipped++;
                }
            }
        }
        h.append("<div class=\"counts\">\n<div class=\"group\"><span class=\"label\">Scenarios</span>");
        count(h, "pass", run.count(Status.PASSED), "passed");
        count(h, "fail", run.count(Status.FAILED), "failed");
        count(h, "broken", run.count(Status.BROKEN), "broken");
        count(h, "skip", run.count(Status.SKIPPED), "skipped");
        h.append("</div>\n<div class=\"group\"><span class=\"label\">Steps</span>");
        count(h, "pass", stepsPassed, "passed");
        count(h, "fail", stepsFailed, "failed");
        if (stepsSkipped > 0) {
            count(h, "skip", stepsSkipped, "skipped");
        }
        h.append("</div>\n<div class=\"group\"><span class=\"label\">Messages</span>");
        count(h, "info", run.timeline().size(), "events");
        count(h, "info", run.vouchers().size(), "vouchers");
        h.append("</div>\n</div>\n");
    }

    private static void count(StringBuilder h, String cls, long n, String what) {
        h.append("<span class=\"count ").append(cls).append(n == 0 ? " zero" : "").append("\"><b>").append(n)
                .append("</b> ").append(what).append("</span>");
    }

    // ---- scenarios ----

    private static void overview(StringBuilder h, RunResult run) {
        h.append("<h2>Scenarios</h2>\n");
        if (run.scenarios().isEmpty()) {
            h.append("<p class=\"muted\">No scenario was run.</p>\n");
            return;
        }
        h.append("<table class=\"overview\"><thead><tr><th></th><th>Scenario</th><th>Status</th><th>File</th>")
                .append("<th>Tags</th><th class=\"num\">Steps</th><th class=\"num\">Duration</th></tr></thead><tbody>\n");
        int i = 0;
        for (ScenarioResult s : run.scenarios()) {
            long passed = s.steps().stream().filter(st -> st.status() == Status.PASSED).count();
            h.append("<tr class=\"st-").append(s.status()).append("\"><td>").append(mark(s.status()))
                    .append("</td><td><a href=\"#scenario-").append(i++).append("\">").append(esc(s.name()))
                    .append("</a></td><td>").append(badge(s.status())).append("</td><td><code>")
                    .append(esc(s.file())).append("</code></td><td>");
            tags(h, s.tags());
            h.append("</td><td class=\"num\">").append(passed).append('/').append(s.steps().size())
                    .append("</td><td class=\"num\">").append(esc(duration(s.took()))).append("</td></tr>\n");
        }
        h.append("</tbody></table>\n");
    }

    private static void scenarios(StringBuilder h, RunResult run, Map<String, Integer> timelineScenarios) {
        int i = 0;
        for (ScenarioResult s : run.scenarios()) {
            Status status = s.status() == null ? Status.SKIPPED : s.status();
            h.append("<section class=\"scenario\" id=\"scenario-").append(i++).append("\" data-status=\"")
                    .append(status).append("\">\n<h3>").append(mark(status))
                    .append(" <span class=\"scenario-name\">").append(esc(s.name())).append("</span> ")
                    .append(badge(status)).append("<span class=\"dur\">").append(esc(duration(s.took())))
                    .append("</span></h3>\n<div class=\"smeta\"><code>").append(esc(s.file())).append("</code>");
            tags(h, s.tags());
            Integer idx = timelineScenarios.get(s.name());
            if (idx != null) {
                h.append("<a class=\"tl-link\" href=\"#timeline-box\" data-show=\"").append(idx)
                        .append("\">timeline ↓</a>");
            }
            h.append("</div>\n");
            if (s.problem() != null) {
                h.append("<pre class=\"problem\">").append(esc(s.problem())).append("</pre>\n");
            }
            if (!s.steps().isEmpty()) {
                // Failures open, passes folded: the page stays short and what needs looking at is visible.
                boolean open = status != Status.PASSED && status != Status.SKIPPED;
                h.append("<details class=\"steps\"").append(open ? " open" : "").append("><summary>")
                        .append(s.steps().size()).append(s.steps().size() == 1 ? " step" : " steps")
                        .append("</summary>\n<table class=\"steps\"><thead><tr><th class=\"num\">Line</th>")
                        .append("<th>Id</th><th>Kind</th><th>Summary</th><th></th><th>Reason</th>")
                        .append("<th class=\"num\">Duration</th></tr></thead><tbody>\n");
                for (StepResult st : s.steps()) {
                    h.append("<tr class=\"st-").append(st.status()).append("\"><td class=\"num\">")
                            .append(st.line()).append("</td><td><code>").append(esc(st.id()))
                            .append("</code></td><td>").append(esc(st.kind())).append("</td><td>")
                            .append(esc(st.summary())).append("</td><td>").append(mark(st.status()))
                            .append("</td><td class=\"reason\">");
                    if (st.reason() != null && !st.reason().isEmpty()) {
                        h.append("<pre>").append(esc(st.reason())).append("</pre>");
                    }
                    h.append("</td><td class=\"num\">").append(esc(duration(st.took()))).append("</td></tr>\n");
                }
                h.append("</tbody></table>\n</details>\n");
            } else if (s.problem() == null) {
                h.append("<p class=\"muted\">No steps.</p>\n");
            }
            h.append("</section>\n");
        }
    }

    private static void tags(StringBuilder h, List<String> tags) {
        for (String t : tags) {
            h.append("<span class=\"tag\">").append(esc(t)).append("</span>");
        }
    }

    private static String mark(Status status) {
        if (status == Status.PASSED) {
            return "<span class=\"mark pass\" title=\"passed\">✔</span>";
        }
        if (status == Status.FAILED || status == Status.BROKEN) {
            return "<span class=\"mark fail\" title=\"" + status.name().toLowerCase(Locale.ROOT) + "\">✘</span>";
        }
        return "<span class=\"mark skip\" title=\"skipped\">–</span>";
    }

    private static String badge(Status status) {
        return "<span class=\"badge " + status + "\">" + status + "</span>";
    }

    // ---- timeline ----

    /** Scenario names that have timeline events, numbered for the filter (run order first). */
    private static Map<String, Integer> timelineScenarios(RunResult run) {
        LinkedHashSet<String> withEvents = new LinkedHashSet<>();
        for (TimelineEvent e : run.timeline()) {
            if (e.scenario() != null) {
                withEvents.add(e.scenario());
            }
        }
        Map<String, Integer> index = new LinkedHashMap<>();
        for (ScenarioResult s : run.scenarios()) {
            if (withEvents.contains(s.name()) && !index.containsKey(s.name())) {
                index.put(s.name(), index.size());
            }
        }
        for (String s : withEvents) {
            index.putIfAbsent(s, index.size());
        }
        return index;
    }

    /** Lanes: finance, pboc, the banks, the unit(s), then any other party in order of appearance. */
    static List<String> lanes(List<TimelineEvent> events) {
        LinkedHashSet<String> seen = new LinkedHashSet<>();
        for (TimelineEvent e : events) {
            seen.add(party(e.from()));
            seen.add(party(e.to()));
        }
        List<String> order = new ArrayList<>(seen);
        List<String> lanes = new ArrayList<>(seen);
        lanes.sort(Comparator.comparingInt(HtmlReport::laneRank)
                .thenComparing(p -> laneRank(p) == 2 || laneRank(p) == 3 ? p : "")
                .thenComparingInt(order::indexOf));
        return lanes;
    }

    private static int laneRank(String party) {
        String p = party.toLowerCase(Locale.ROOT);
        if (p.equals("finance")) {
            return 0;
        }
        if (p.equals("pboc")) {
            return 1;
        }
        if (p.startsWith("bank")) {
            return 2;
        }
        if (p.startsWith("unit")) {
            return 3;
        }
        return 4;
    }

    private static String party(String p) {
        return p == null || p.isBlank() ? "?" : p;
    }

    private static String kind(String kind) {
        String k = kind == null ? "" : kind.trim().toUpperCase(Locale.ROOT);
        return KINDS.contains(k) ? k : "EVENT";
    }

    private static void timeline(StringBuilder h, RunResult run, ZoneId zone, Map<String, Integer> scenarioIndex) {
        List<TimelineEvent> events = new ArrayList<>(run.timeline());
        // Stable: events with the same instant keep the order the runner recorded them in.
        events.sort(Comparator.comparing(TimelineEvent::at, Comparator.nullsLast(Comparator.naturalOrder())));
        List<String> lanes = lanes(events);
        Map<String, Integer> laneOf = new LinkedHashMap<>();
        for (String l : lanes) {
            laneOf.put(l, laneOf.size());
        }
        int width = LEFT + Math.max(1, lanes.size()) * LANE + 12;
        int height = TOP + events.size() * ROW + 10;

        h.append("<h2 id=\"timeline-box\">Timeline</h2>\n<div class=\"tl-bar\"><label>Scenario ")
                .append("<select id=\"tl-filter\"><option value=\"\">All scenarios (").append(events.size())
                .append(" events)</option>");
        Map<Integer, Integer> perScenario = new TreeMap<>();
        for (TimelineEvent e : events) {
            Integer idx = e.scenario() == null ? null : scenarioIndex.get(e.scenario());
            if (idx != null) {
                perScenario.merge(idx, 1, Integer::sum);
            }
        }
        for (Map.Entry<String, Integer> s : scenarioIndex.entrySet()) {
            h.append("<option value=\"").append(s.getValue()).append("\">").append(esc(s.getKey())).append(" (")
                    .append(perScenario.getOrDefault(s.getValue(), 0)).append(")</option>");
        }
        h.append("</select></label><span id=\"tl-kinds\">");
        Map<String, Integer> perKind = new LinkedHashMap<>();
        for (TimelineEvent e : events) {
            perKind.merge(kind(e.kind()), 1, Integer::sum);
        }
        for (String k : KINDS) {
            h.append("<label class=\"kind-toggle\"><input type=\"checkbox\" value=\"").append(k)
                    .append("\" checked><i style=\"background:").append(KIND_COLOURS.get(k)).append("\"></i>")
                    .append(esc(KIND_NAMES.get(k))).append(" <span class=\"muted\">")
                    .append(perKind.getOrDefault(k, 0)).append("</span></label>");
        }
        h.append("</span><span id=\"tl-shown\" class=\"muted\"></span></div>\n");
        if (events.isEmpty()) {
            h.append("<p class=\"muted\">No messages were recorded.</p>\n");
        }

        h.append("<div class=\"tl-scroll\">\n");
        // Lane headers in their own sticky strip, so the party names stay in view while scrolling down.
        h.append("<svg class=\"tl-head\" width=\"").append(width).append("\" height=\"34\" role=\"img\">")
                .append("<text class=\"t\" x=\"").append(LEFT - 10).append("\" y=\"21\">time</text>");
        for (int i = 0; i < lanes.size(); i++) {
            int cx = laneX(i);
            h.append("<g><title>").append(esc(lanes.get(i))).append("</title><rect class=\"lane-box\" x=\"")
                    .append(cx - LANE / 2 + 10).append("\" y=\"4\" width=\"").append(LANE - 20)
                    .append("\" height=\"26\" rx=\"6\"/><text class=\"lane-name\" x=\"").append(cx)
                    .append("\" y=\"21\">").append(esc(fit(lanes.get(i), LANE - 28, 7.4))).append("</text></g>");
        }
        h.append("</svg>\n");

        h.append("<svg id=\"timeline\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" role=\"img\" aria-label=\"Messages between the parties, time flowing down\">\n<defs>");
        for (String k : KINDS) {
            h.append("<marker id=\"ah-").append(k).append("\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\"")
                    .append(" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">")
                    .append("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"").append(KIND_COLOURS.get(k))
                    .append("\"/></marker>");
        }
        h.append("</defs>\n");
        for (int i = 0; i < lanes.size(); i++) {
            if (i % 2 == 1) {
                h.append("<rect class=\"band\" x=\"").append(LEFT + i * LANE).append("\" y=\"0\" width=\"")
                        .append(LANE).append("\" height=\"100%\"/>");
            }
            h.append("<line class=\"lane\" x1=\"").append(laneX(i)).append("\" y1=\"0\" x2=\"").append(laneX(i))
                    .append("\" y2=\"100%\"/>");
        }
        h.append('\n');

        int row = 0;
        for (TimelineEvent e : events) {
            String k = kind(e.kind());
            Integer sIdx = e.scenario() == null ? null : scenarioIndex.get(e.scenario());
            int from = laneOf.get(party(e.from()));
            int to = laneOf.get(party(e.to()));
            String time = e.at() == null ? "" : TIME.format(e.at().atZone(zone));
            h.append("<g class=\"ev\" data-s=\"").append(sIdx == null ? "-" : sIdx).append("\" data-k=\"").append(k)
                    .append("\" transform=\"translate(0,").append(TOP + row++ * ROW).append(")\"><title>")
                    .append(esc(tooltip(e, time))).append("</title><rect class=\"hit\" width=\"").append(width)
                    .append("\" height=\"").append(ROW).append("\"/><text class=\"t\" x=\"").append(LEFT - 10)
                    .append("\" y=\"16\">").append(time).append("</text>");
            if (from != to) {
                int x1 = laneX(from);
                int x2 = laneX(to);
                int dir = x2 > x1 ? 1 : -1;
                // Start and end just off the lane lines so the arrowhead's tip touches the receiving lane.
                h.append("<line class=\"msg kind-").append(k).append("\" x1=\"").append(x1 + 3 * dir)
                        .append("\" y1=\"15\" x2=\"").append(x2 - 2 * dir).append("\" y2=\"15\" marker-end=\"url(#ah-")
                        .append(k).append(")\"/><text class=\"lbl\" x=\"").append((x1 + x2) / 2)
                        .append("\" y=\"11\">").append(esc(fit(e.label(), Math.abs(x2 - x1) - 14, 6.2)))
                        .append("</text>");
            } else {
                int cx = laneX(from);
                h.append("<circle class=\"dot kind-").append(k).append("\" cx=\"").append(cx)
                        .append("\" cy=\"12\" r=\"4\"/><text class=\"lbl at\" x=\"").append(cx + 8)
                        .append("\" y=\"16\">").append(esc(fit(e.label(), LANE - 16, 6.2))).append("</text>");
            }
            h.append("</g>\n");
        }
        h.append("</svg>\n</div>\n");
    }

    private static int laneX(int lane) {
        return LEFT + lane * LANE + LANE / 2;
    }

    private static String tooltip(TimelineEvent e, String time) {
        StringBuilder t = new StringBuilder();
        t.append(time).append("  ").append(e.kind() == null ? "" : e.kind()).append("  ").append(party(e.from()));
        if (!party(e.from()).equals(party(e.to()))) {
            t.append(" → ").append(party(e.to()));
        }
        if (e.label() != null && !e.label().isEmpty()) {
            t.append('\n').append(e.label());
        }
        if (e.voucherKey() != null) {
            t.append("\nvoucher: ").append(e.voucherKey());
        }
        if (e.detail() != null && !e.detail().isEmpty()) {
            t.append('\n').append(e.detail());
        }
        if (e.scenario() != null) {
            t.append("\nscenario: ").append(e.scenario());
        }
        return t.toString();
    }

    /**
     * Shortens text to about {@code px} pixels (the full text is in the tooltip); CJK and other wide
     * characters count about twice a Latin one.
     */
    static String fit(String s, int px, double charPx) {
        if (s == null) {
            return "";
        }
        double budget = Math.max(px, 3 * charPx);
        double used = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            used += wide(cp) ? charPx * 1.75 : charPx;
            if (used > budget) {
                return s.substring(0, i) + "…";
            }
            i += Character.charCount(cp);
        }
        return s;
    }

    private static boolean wide(int cp) {
        return cp >= 0x1100 && (cp <= 0x115F || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60)
                || (cp >= 0xFFE0 && cp <= 0xFFE6) || cp >= 0x20000);
    }

    // ---- voucher paths ----

    private static void vouchers(StringBuilder h, RunResult run, ZoneId zone) {
        h.append("<h2 id=\"vouchers\">Voucher paths</h2>\n");
        if (run.vouchers().isEmpty()) {
            h.append("<p class=\"muted\">No voucher was traced.</p>\n");
            return;
        }
        h.append("<div class=\"tl-bar\"><input id=\"v-filter\" type=\"search\" placeholder=\"Filter by voucher key,")
                .append(" scenario or node\"><span id=\"v-shown\" class=\"muted\"></span></div>\n<div class=\"vouchers\">\n");
        for (VoucherTrace v : run.vouchers()) {
            List<String> path = new ArrayList<>();
            for (VoucherTrace.Hop hop : v.hops()) {
                String node = party(hop.node());
                if (path.isEmpty() || !path.get(path.size() - 1).equals(node)) {
                    path.add(node);
                }
            }
            String query = (v.key() + " " + v.scenario() + " " + String.join(" ", path)).toLowerCase(Locale.ROOT);
            h.append("<details class=\"voucher\" data-q=\"").append(esc(query)).append("\"><summary><code>")
                    .append(esc(v.key())).append("</code> <span class=\"scn\">").append(esc(v.scenario()))
                    .append("</span> <span class=\"path\">").append(esc(String.join(" → ", path)))
                    .append("</span> <span class=\"muted\">").append(v.hops().size())
                    .append(v.hops().size() == 1 ? " hop" : " hops").append("</span></summary>\n")
                    .append("<table class=\"hops\"><thead><tr><th>Time</th><th>Node</th><th>Copy</th><th>Kind</th>")
                    .append("<th>Actor</th><th>Detail</th></tr></thead><tbody>\n");
            for (VoucherTrace.Hop hop : v.hops()) {
                h.append("<tr><td class=\"time\">").append(hop.at() == null ? "" : TIME.format(hop.at().atZone(zone)))
                        .append("</td><td>").append(esc(hop.node())).append("</td><td>")
                        .append(hop.voucherFlag() == 1 ? "回单" : "凭证").append("</td><td>").append(esc(hop.kind()))
                        .append("</td><td>").append(esc(hop.actor())).append("</td><td class=\"detail\">")
                        .append(esc(hop.detail())).append("</td></tr>\n");
            }
            h.append("</tbody></table>\n</details>\n");
        }
        h.append("</div>\n");
    }

    // ---- text ----

    private static String duration(Duration d) {
        if (d == null) {
            return "";
        }
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.2f s", ms / 1000.0);
        }
        long s = ms / 1000;
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }

    /** HTML-escapes text for element content and quoted attributes; null is empty. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String r = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                // Control characters (other than tab and newlines) are not allowed in HTML text.
                default -> c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f ? "\uFFFD" : null;
            };
            if (r != null && b == null) {
                b = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (b != null) {
                if (r != null) {
                    b.append(r);
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? s : b.toString();
    }

    private static final String CSS = """
            :root{--pass:#15803d;--fail:#c62828;--broken:#b45309;--skip:#8a919c;--line:#e5e7eb;--muted:#6b7280;
            --bg:#f7f8fa;--card:#fff;--ink:#1f2937;--accent:#2563eb}
            *{box-sizing:border-box}
            body{margin:0;background:var(--bg);color:var(--ink);font:13.5px/1.45 system-ui,-apple-system,"Segoe UI",
            Roboto,"Helvetica Neue","Noto Sans","PingFang SC","Hiragino Sans GB","Microsoft YaHei",sans-serif}
            main{max-width:1320px;margin:0 auto;padding:18px 22px 60px}
            code,pre,.time,svg .t{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace}
            code{font-size:12px}
            a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
            h1{font-size:20px;margin:0}
            h2{font-size:16px;margin:26px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--line)}
            h3{font-size:14.5px;margin:0 0 4px;display:flex;align-items:center;gap:8px;flex-wrap:wrap}
            .muted{color:var(--muted)}
            header.run{background:var(--card);border:1px solid var(--line);border-top:4px solid var(--pass);
            border-radius:8px;padding:12px 16px}
            header.run.bad{border-top-color:var(--fail)}
            .title{display:flex;align-items:center;gap:12px}
            .verdict{font-weight:600;border-radius:999px;padding:1px 10px;font-size:12.5px}
            .verdict.ok{background:#e7f6ec;color:var(--pass)}.verdict.bad{background:#fdecec;color:var(--fail)}
            dl.meta{display:flex;flex-wrap:wrap;gap:6px 26px;margin:10px 0 0}
            dl.meta dt{font-size:11px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
            dl.meta dd{margin:0}
            .versions{margin-top:8px;display:flex;flex-wrap:wrap;gap:5px}
            .chip,.tag{display:inline-block;border:1px solid var(--line);background:#f9fafb;border-radius:5px;
            padding:0 7px;font-size:12px}
            .tag{background:#eef2ff;border-color:#e0e7ff;color:#3730a3;margin-left:5px}
            .counts{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0 0}
            .counts .group{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:7px 12px;
            display:flex;gap:12px;align-items:baseline}
            .counts .label{font-size:11px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
            .count b{font-size:17px}
            .count.pass b{color:var(--pass)}.count.fail b{color:var(--fail)}.count.broken b{color:var(--broken)}
            .count.skip b{color:var(--skip)}.count.zero b{color:#c4c8ce}
            table{border-collapse:collapse;width:100%;background:var(--card)}
            th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);vertical-align:top}
            th{font-size:11px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);font-weight:600;
            background:#fafbfc}
            td.num,th.num{text-align:right;white-space:nowrap}
            table.overview{border:1px solid var(--line);border-radius:8px}
            tr.st-FAILED td,tr.st-BROKEN td{background:#fff6f6}
            .mark{font-weight:700;display:inline-block;width:1.1em;text-align:center}
            .mark.pass{color:var(--pass)}.mark.fail{color:var(--fail)}.mark.skip{color:var(--skip)}
            .badge{font-size:10.5px;font-weight:600;border-radius:4px;padding:0 6px;letter-spacing:.03em}
            .badge.PASSED{background:#e7f6ec;color:var(--pass)}.badge.FAILED{background:#fdecec;color:var(--fail)}
            .badge.BROKEN{background:#fff3e0;color:var(--broken)}.badge.SKIPPED{background:#f1f2f4;color:var(--skip)}
            section.scenario{background:var(--card);border:1px solid var(--line);border-left:4px solid var(--pass);
            border-radius:8px;padding:9px 14px;margin:10px 0}
            section.scenario[data-status=FAILED]{border-left-color:var(--fail)}
            section.scenario[data-status=BROKEN]{border-left-color:var(--broken)}
            section.scenario[data-status=SKIPPED]{border-left-color:var(--skip)}
            .dur{margin-left:auto;color:var(--muted);font-weight:400;font-size:12.5px}
            .smeta{color:var(--muted);font-size:12.5px;display:flex;align-items:center;flex-wrap:wrap;gap:2px}
            .tl-link{margin-left:12px;font-size:12px}
            pre{margin:0;white-space:pre-wrap;word-break:break-word;font-size:12px}
            pre.problem{margin:8px 0 2px;padding:7px 10px;background:#fff8ec;border:1px solid #fde3b5;border-radius:6px;
            color:#7c2d12}
            details.steps{margin-top:6px}
            details>summary{cursor:pointer;color:var(--muted);font-size:12.5px}
            table.steps{margin-top:4px;font-size:12.5px}
            td.reason pre{color:var(--fail)}
            .tl-bar{display:flex;flex-wrap:wrap;align-items:center;gap:8px 14px;margin:0 0 8px}
            select,input[type=search]{font:inherit;padding:3px 6px;border:1px solid #d1d5db;border-radius:5px;
            background:#fff}
            input[type=search]{min-width:340px}
            .kind-toggle{font-size:12.5px;cursor:pointer;user-select:none;margin-right:8px;white-space:nowrap}
            .kind-toggle input{vertical-align:-2px;margin:0 3px 0 0}
            .kind-toggle i{display:inline-block;width:14px;height:3px;border-radius:2px;vertical-align:middle;
            margin-right:4px}
            .tl-scroll{max-height:78vh;overflow:auto;background:var(--card);border:1px solid var(--line);border-radius:8px}
            svg{display:block}
            svg.tl-head{position:sticky;top:0;z-index:1;background:#fafbfc;border-bottom:1px solid var(--line)}
            .lane-box{fill:#fff;stroke:#cbd5e1}
            .lane-name{font-size:12.5px;font-weight:600;text-anchor:middle;fill:#334155}
            #timeline .band{fill:#f8fafc}
            #timeline .lane{stroke:#d5dbe3;stroke-dasharray:3 4}
            svg .t{font-size:11px;fill:#6b7280;text-anchor:end}
            #timeline .hit{fill:transparent}
            #timeline .ev:hover .hit{fill:#eef4ff}
            #timeline .lbl{font-size:11px;text-anchor:middle;paint-order:stroke;stroke:#fff;stroke-width:3px;
            stroke-linejoin:round}
            #timeline .lbl.at{text-anchor:start}
            #timeline .ev:hover .lbl{stroke:#eef4ff}
            .msg{stroke-width:1.6}
            .kind-VOUCHER{stroke:#2563eb;fill:#2563eb}.kind-RECEIPT{stroke:#16a34a;fill:#16a34a}
            .kind-ACK{stroke:#8a919c;fill:#8a919c}.kind-REFUSAL{stroke:#dc2626;fill:#dc2626}
            .kind-EVENT{stroke:#7c3aed;fill:#7c3aed}
            .msg.kind-ACK{stroke-dasharray:5 3}
            #timeline .ev[data-k=VOUCHER] .lbl{fill:#1e40af}#timeline .ev[data-k=RECEIPT] .lbl{fill:#166534}
            #timeline .ev[data-k=ACK] .lbl{fill:#4b5563}#timeline .ev[data-k=REFUSAL] .lbl{fill:#b91c1c;font-weight:600}
            #timeline .ev[data-k=EVENT] .lbl{fill:#5b21b6}
            .vouchers details{background:var(--card);border:1px solid var(--line);border-radius:6px;margin:4px 0;
            padding:4px 10px}
            .vouchers summary{color:var(--ink);font-size:12.5px}
            .vouchers .scn{color:var(--muted);margin-left:6px}
            .vouchers .path{margin-left:8px;color:#334155}
            table.hops{margin:6px 0 4px;font-size:12px}
            td.time{white-space:nowrap;color:var(--muted)}
            td.detail{word-break:break-word}
            @media print{.tl-scroll{max-height:none;overflow:visible}details{display:block}}
            """;

    private static final String JS = """
            (function () {
              var svg = document.getElementById('timeline');
              var sel = document.getElementById('tl-filter');
              if (svg && sel) {
                var rows = svg.querySelectorAll('g.ev');
                var boxes = document.querySelectorAll('#tl-kinds input');
                var shown = document.getElementById('tl-shown');
                // Hidden rows are taken out and the rest moved up, so one scenario reads without gaps.
                var apply = function () {
                  var s = sel.value, off = {}, n = 0;
                  for (var j = 0; j < boxes.length; j++) { if (!boxes[j].checked) { off[boxes[j].value] = true; } }
                  for (var i = 0; i < rows.length; i++) {
                    var g = rows[i];
                    if ((s === '' || g.getAttribute('data-s') === s) && !off[g.getAttribute('data-k')]) {
                      g.setAttribute('transform', 'translate(0,' + (TOP + n * ROW) + ')');
                      g.style.display = '';
                      n++;
                    } else {
                      g.style.display = 'none';
                    }
                  }
                  svg.setAttribute('height', TOP + n * ROW + 10);
                  shown.textContent = n === rows.length ? '' : n + ' of ' + rows.length + ' events shown';
                };
                sel.addEventListener('change', apply);
                for (var j = 0; j < boxes.length; j++) { boxes[j].addEventListener('change', apply); }
                var links = document.querySelectorAll('a[data-show]');
                for (var k = 0; k < links.length; k++) {
                  links[k].addEventListener('click', function () { sel.value = this.getAttribute('data-show'); apply(); });
                }
              }
              var vf = document.getElementById('v-filter');
              if (vf) {
                var vs = document.querySelectorAll('details.voucher');
                var vShown = document.getElementById('v-shown');
                vf.addEventListener('input', function () {
                  var q = vf.value.trim().toLowerCase(), n = 0;
                  for (var i = 0; i < vs.length; i++) {
                    var hit = q === '' || vs[i].getAttribute('data-q').indexOf(q) >= 0;
                    vs[i].style.display = hit ? '' : 'none';
                    if (hit) { n++; }
                  }
                  vShown.textContent = q === '' ? '' : n + ' of ' + vs.length;
                });
              }
            })();
            """;
}
