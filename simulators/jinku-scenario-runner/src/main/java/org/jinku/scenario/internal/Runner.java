package org.jinku.scenario.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.jinku.api.EventView;
import org.jinku.api.Node;
import org.jinku.api.NodeDirectory;
import org.jinku.api.RejectionView;
import org.jinku.api.VoucherKey;
import org.jinku.catalog.sample.Operators;
import org.jinku.scenario.RunResult;
import org.jinku.scenario.ScenarioResult;
import org.jinku.scenario.ScenarioRunner;
import org.jinku.scenario.Status;
import org.jinku.scenario.TimelineEvent;
import org.jinku.scenario.VoucherTrace;

/**
 * The scenario runner of this appliance (PID {@code jinku.scenarios}): runs scenario files one after the
 * other against the nodes here and writes the report. {@code real} lists parties played by real systems.
 */
@Component(service = ScenarioRunner.class, configurationPid = "jinku.scenarios")
public class Runner implements ScenarioRunner {

    private static final Logger LOG = LoggerFactory.getLogger(Runner.class);
    /** Which simulator configuration (PID) serves a node bound to an adapter. */
    private static final Map<String, String> SIMULATOR_PIDS = Map.of("sim-bank", "jinku.sim.bank",
            "sim-pbc", "jinku.sim.pbc", "sim-budget-unit", "jinku.sim.unit");

    @Reference
    NodeDirectory directory;

    @Reference
    ConfigurationAdmin configAdmin;

    private volatile Set<String> real = Set.of();
    private volatile Path shipped;

    @Activate
    @Modified
    void activate(BundleContext ctx, Map<String, Object> config) {
        Object r = config.get("real");
        real = r == null ? Set.of() : Stream.of(r.toString().split("[,\\s]+")).filter(s -> !s.isBlank())
                .collect(Collectors.toUnmodifiableSet());
        Object dir = config.get("scenarios.dir");
        String home = ctx == null ? null : ctx.getProperty("karaf.home");
        shipped = dir != null ? Path.of(dir.toString()) : Path.of(home == null ? "." : home, "scenarios");
    }

    @Override
    public Path shippedScenarios() {
        return shipped;
    }

    @Override
    public RunResult run(List<Path> paths, List<String> tags, Path reportDir, Consumer<String> progress) {
        Instant started = Instant.now();
        // 5 characters of time and 2 random ones: unique per run, short enough for VoucherNo (≤ 20).
        String runId = (Long.toString(System.currentTimeMillis() / 1000 % 60_466_176L, 36)
                + Long.toString(1296 + java.util.concurrent.ThreadLocalRandom.current().nextInt(1296 * 35), 36).substring(1))
                .toUpperCase();
        Box box = new OsgiBox();
        ScenarioParser parser = new ScenarioParser();
        List<ScenarioResult> results = new ArrayList<>();
        Map<String, Set<VoucherKey>> touched = new LinkedHashMap<>();
        int index = 0;
        for (Path file : files(paths)) {
            String shown = file.toString();
            Scenario s;
            try {
                s = parser.parse(file, shown);
            } catch (BrokenScenarioException e) {
                results.add(new ScenarioResult(file.getFileName().toString(), shown, List.of(), Status.BROKEN,
                        e.getMessage(), Duration.ZERO, List.of()));
                progress.accept("BROKEN " + e.getMessage());
                continue;
            }
            if (!tags.isEmpty() && s.tags().stream().noneMatch(tags::contains)) {
                continue;
            }
            index++;
            Execution ex = new Execution(box, s, new Values(runId, LocalDate.now()), index);
            ScenarioResult r = ex.run();
            results.add(r);
            touched.put(s.name(), ex.values().captured().values().stream().map(Values.Captured::key)
                    .collect(Collectors.toCollection(java.util.LinkedHashSet::new)));
            progress.accept(line(r));
        }
        List<TimelineEvent> timeline = new ArrayList<>();
        List<VoucherTrace> traces = new ArrayList<>();
        trace(box, touched, timeline, traces);
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("jinku", Runner.class.getPackage().getImplementationVersion() == null ? "dev"
                : Runner.class.getPackage().getImplementationVersion());
        versions.put("java", System.getProperty("java.version"));
        versions.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        String env = "this appliance: nodes " + box.nodes().stream().map(Node::name).sorted().toList()
                + (real.isEmpty() ? "; every other party simulated" : "; real parties " + real);
        RunResult run = new RunResult(runId, started, Duration.between(started, Instant.now()), env, versions, results,
                timeline, traces);
        try {
            Files.createDirectories(reportDir);
            HtmlReport.write(run, reportDir.resolve("report.html"));
            JunitReport.write(run, reportDir.resolve("junit.xml"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report into " + reportDir, e);
        }
        return run;
    }

    static String line(ScenarioResult r) {
        String head = String.format("%-6s %s (%s, %.1f s)", r.status(), r.name(), r.file(), r.took().toMillis() / 1000.0);
        return r.firstFailure().map(f -> head + "\n       step '" + f.id() + "' (" + f.kind() + ", line " + f.line()
                + "): " + f.reason()).orElse(head);
    }

    /** The scenario files under the paths: files as given, directories' *.yaml and *.yml in name order. */
    static List<Path> files(List<Path> paths) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(f -> Files.isRegularFile(f) && (f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")))
                            .sorted().forEach(out::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + p, e);
                }
            } else {
                out.add(p);
            }
        }
        return out;
    }

    /** Who sent what to whom and when, from every node's history of the vouchers the scenarios touched. */
    private static void trace(Box box, Map<String, Set<VoucherKey>> touched, List<TimelineEvent> timeline,
                              List<VoucherTrace> traces) {
        Map<String, String> nameOf = new HashMap<>();
        box.nodes().forEach(n -> nameOf.put(n.address(), n.name()));
        // Each node's refusals, read once for every voucher of every scenario.
        Map<Node, List<RejectionView>> refusals = new HashMap<>();
        box.nodes().forEach(n -> refusals.put(n, n.rejections(1000)));
        for (Map.Entry<String, Set<VoucherKey>> e : touched.entrySet()) {
            String scenario = e.getKey();
            for (VoucherKey key : e.getValue()) {
                List<VoucherTrace.Hop> hops = new ArrayList<>();
                for (Node n : box.nodes()) {
                    for (EventView ev : n.history(key)) {
                        hops.add(new VoucherTrace.Hop(ev.at(), n.name(), ev.voucherFlag(), ev.kind(), ev.actor(),
                                ev.detail()));
                        TimelineEvent t = timelineEvent(scenario, key, n.name(), ev, nameOf);
                        if (t != null) {
                            timeline.add(t);
                        }
                    }
                    for (RejectionView r : refusals.get(n)) {
                        if (r.voucherKey() != null && r.voucherKey().startsWith(key.toString())) {
                            timeline.add(new TimelineEvent(r.at(), scenario, nameOf.getOrDefault(r.source(), r.source()),
                                    n.name(), "REFUSAL", r.code().name(), key.toString(), r.reason()));
                        }
                    }
                }
                hops.sort(Comparator.comparing(VoucherTrace.Hop::at));
                traces.add(new VoucherTrace(key.toString(), scenario, hops));
            }
        }
        timeline.sort(Comparator.comparing(TimelineEvent::at));
    }

    private static TimelineEvent timelineEvent(String scenario, VoucherKey key, String node, EventView ev,
                                               Map<String, String> nameOf) {
        String what = key.vtCode() + (ev.voucherFlag() == 1 ? " 回单" : " 凭证");
        String detail = ev.kind() + " by " + ev.actor() + ": " + ev.detail();
        if (ev.kind().equals("SENT")) {
            String to = ev.detail().replaceFirst(".*handed to transport for ", "").trim();
            return new TimelineEvent(ev.at(), scenario, node, nameOf.getOrDefault(to, to),
                    ev.voucherFlag() == 1 ? "RECEIPT" : "VOUCHER", what, key.toString(), detail);
        }
        if (ev.kind().startsWith("ACK_")) {
            return new TimelineEvent(ev.at(), scenario, nameOf.getOrDefault(ev.actor(), ev.actor()), node, "ACK",
                    ackLabel(ev.kind()) + (ev.voucherFlag() == 1 ? " (回单)" : ""), key.toString(), detail);
        }
        if (ev.kind().equals("SUBMITTED") || ev.kind().equals("SIGNED") || ev.kind().equals("QUEUED")) {
            return new TimelineEvent(ev.at(), scenario, node, node, "EVENT", ev.kind().toLowerCase(), key.toString(),
                    detail);
        }
        return new TimelineEvent(ev.at(), scenario, node, node, "EVENT", ev.kind(), key.toString(), detail);
    }

    private static String ackLabel(String kind) {
        return switch (kind) {
            case "ACK_RECEIVED" -> "接收";
            case "ACK_RECEIVE_FAILED" -> "接收失败";
            case "ACK_ACCEPTED" -> "签收";
            case "ACK_REFUSED" -> "签收失败";
            case "ACK_RETURNED" -> "退回";
            default -> kind;
        };
    }

    /** The nodes and simulators of this Karaf. */
    private final class OsgiBox implements Box {

        @Override
        public Node node(String name) {
            if (name == null) {
                throw new StepFailure("no party named");
            }
            return directory.node(name).orElseThrow(() -> new StepFailure("no node '" + name + "' here; nodes: "
                    + directory.nodes().stream().map(Node::name).sorted().toList()));
        }

        @Override
        public List<Node> nodes() {
            return directory.nodes();
        }

        @Override
        public Set<String> realParties() {
            return real;
        }

        @Override
        public Map<String, Object> simulatorSettings(String simulator, Map<String, Object> values) {
            try {
                Configuration c = configAdmin.getConfiguration(simulator, null);
                Dictionary<String, Object> props = c.getProperties() == null ? new Hashtable<>() : c.getProperties();
                Map<String, Object> before = new HashMap<>();
                for (Map.Entry<String, Object> v : values.entrySet()) {
                    before.put(v.getKey(), props.get(v.getKey()));
                    if (v.getValue() == null) {
                        props.remove(v.getKey());
                    } else {
                        props.put(v.getKey(), v.getValue());
                    }
                }
                c.update(props);
                // Config admin delivers the change on its own thread; the simulator applies it on arrival.
                Thread.sleep(700);
                return before;
            } catch (IOException e) {
                throw new StepFailure("cannot change simulator " + simulator + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StepFailure("interrupted");
            }
        }

        @Override
        public String simulatorOf(String party) {
            Dictionary<String, Object> node = nodeConfig(party).getProperties();
            Object target = node == null ? null : node.get("adapter.target");
            String adapter = target == null ? "" : target.toString().replaceAll(".*=([^)]*)\\).*", "$1");
            String pid = SIMULATOR_PIDS.get(adapter);
            if (pid == null) {
                throw new StepFailure(party + " is not played by a simulator here (adapter " + target + ")");
            }
            return pid;
        }

        private Configuration nodeConfig(String node) {
            if (!node.matches("[A-Za-z0-9._-]{1,32}")) {
                throw new StepFailure("'" + node + "' is not a node name");
            }
            return Operators.nodeConfiguration(configAdmin, node)
                    .orElseThrow(() -> new StepFailure("no configuration for node " + node));
        }

        @Override
        public Function<String, String> pins(String node) {
            return Operators.boxPins(configAdmin, node);
        }

        @Override
        public void restart(String name) {
            Node before = node(name);
            try {
                Configuration c = nodeConfig(name);
                Dictionary<String, Object> props = c.getProperties();
                props.put("restarted.at", Instant.now().toString());
                c.update(props);
            } catch (IOException e) {
                throw new StepFailure("cannot restart " + name + ": " + e.getMessage());
            }
            boolean back = Execution.poll(Duration.ofSeconds(60), () -> directory.node(name)
                    .filter(n -> n != before).isPresent());
            if (!back) {
                throw new StepFailure(name + " did not come back within 60 s of its restart");
            }
            LOG.info("scenario: node {} restarted", name);
        }
    }
}
