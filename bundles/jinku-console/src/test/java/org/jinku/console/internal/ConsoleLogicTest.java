package org.jinku.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jinku.api.Direction;
import org.jinku.api.EventView;
import org.jinku.api.JinkuException;
import org.jinku.api.Node;
import org.jinku.api.PartyRole;
import org.jinku.api.Post;
import org.jinku.api.RejectCode;
import org.jinku.api.VoucherKey;
import org.jinku.api.VoucherState;
import org.jinku.api.VoucherView;
import org.jinku.api.security.Operator;
import org.jinku.api.spi.VoucherCatalog;
import org.jinku.api.spi.VoucherType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleLogicTest {

    private static final Instant MARCH_16 = Instant.parse("2026-03-16T02:00:00Z");

    // ------------------------------------------------------------------ static files

    @Test
    void servesOnlyConsoleFilesOfKnownTypes() {
        assertEquals("/console/index.html", ConsoleServlet.resourceOf("/"));
        assertEquals("/console/js/pages/work.js", ConsoleServlet.resourceOf("/js/pages/work.js"));
        assertNull(ConsoleServlet.resourceOf("/../META-INF/MANIFEST.MF"));
        assertNull(ConsoleServlet.resourceOf("/js/..%2f..%2fx.js"));
        assertNull(ConsoleServlet.resourceOf("/.hidden.js"));
        assertNull(ConsoleServlet.resourceOf("/org/jinku/console/internal/ConsoleServlet.class"));
        assertNull(ConsoleServlet.resourceOf("//etc/passwd.js"));
        assertEquals("text/javascript; charset=UTF-8", ConsoleServlet.contentType("/js/app.js"));
    }

    @Test
    void everyModuleTheIndexLoadsIsPacked() throws Exception {
        // the files are on the test class path as they will be in the bundle
        for (String f : List.of("index.html", "css/console.css", "js/app.js", "js/api.js", "js/paper.js",
                "js/templates.js", "js/pages/work.js", "js/pages/voucher.js", "js/pages/login.js")) {
            assertTrue(getClass().getResource("/console/" + f) != null, f);
        }
        String index = new String(getClass().getResourceAsStream("/console/index.html").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        // the contract's element ids (browser tests rely on them)
        for (String id : List.of("whoami", "nav-dashboard", "nav-search", "nav-new", "nav-work", "nav-trust",
                "nav-audit", "nav-faults", "nav-reports", "logout", "toast")) {
            assertTrue(index.contains("id=\"" + id + "\""), id);
        }
        assertFalse(index.contains("<script>"), "no inline script: the CSP forbids it");
        assertFalse(index.contains("style=\""), "no inline style: the CSP forbids it");
    }

    // ------------------------------------------------------------------ search

    @Test
    void searchFiltersByEveryCriterion() {
        VoucherView a = Fakes.view("210000/2026/5201/A-1", 0, Direction.OUT, "bank105", VoucherState.CONFIRMED, 12,
                "1500.50", MARCH_16);
        VoucherView b = Fakes.view("210000/2026/5104/B-1", 0, Direction.OUT, "bank102", VoucherState.SENT, 0,
                "99.00", MARCH_16.plusSeconds(86_400 * 3));
        VoucherView c = Fakes.view("210000/2026/5201/C-1", 1, Direction.IN, "bank105", VoucherState.RECEIVED, 7,
                "10.00", MARCH_16);
        List<VoucherView> all = List.of(a, b, c);

        assertEquals(List.of(a), search("a-1", null, null, null, null, null, null, null, null, all));
        assertEquals(List.of(a, c), search(null, "5201", null, null, null, null, null, null, null, all));
        assertEquals(List.of(b), search(null, null, "2026-03-18", null, null, null, null, null, null, all));
        assertEquals(List.of(a, c), search(null, null, null, "20260316", null, null, null, null, null, all));
        assertEquals(List.of(a, b), search(null, null, null, null, "50", "1,500.50", null, null, null, all));
        assertEquals(List.of(a), search(null, null, null, null, null, null, "12", null, null, all));
        assertEquals(List.of(b), search(null, null, null, null, null, null, "sent", null, null, all));
        assertEquals(List.of(b), search(null, null, null, null, null, null, null, "bank102", null, all));
        assertEquals(List.of(c), search(null, null, null, null, null, null, null, null, "1", all));

        JinkuException bad = assertThrows(JinkuException.class,
                () -> VoucherSearch.of(null, null, "yesterday", null, null, null, null, null, null));
        assertEquals("from", bad.fieldErrors().get(0).path());
        assertEquals("status", assertThrows(JinkuException.class,
                () -> VoucherSearch.of(null, null, null, null, null, null, "99", null, null)).fieldErrors().get(0).path());
        assertEquals("min", assertThrows(JinkuException.class,
                () -> VoucherSearch.of(null, null, null, null, "1e", null, null, null, null)).fieldErrors().get(0).path());
    }

    private static List<VoucherView> search(String key, String type, String from, String to, String min, String max,
                                            String status, String peer, String flag, List<VoucherView> all) {
        return VoucherSearch.of(key, type, from, to, min, max, status, peer, flag).filter(all, 100);
    }

    // ------------------------------------------------------------------ work list

    @Test
    void workListHoldsWhatWaitsForMyPost() {
        VoucherView draft = Fakes.view("210000/2026/5201/W-1", 0, Direction.OUT, "bank105", VoucherState.DRAFT, 13,
                "1.00", MARCH_16);
        VoucherView entered = Fakes.view("210000/2026/5201/W-2", 0, Direction.OUT, "bank105", VoucherState.SIGNING,
                13, "1.00", MARCH_16, Fakes.sig("cz_lr", "lr01"));
        VoucherView enteredByReviewer = Fakes.view("210000/2026/5201/W-3", 0, Direction.OUT, "bank105",
                VoucherState.SIGNING, 13, "1.00", MARCH_16, Fakes.sig("cz_lr", "sh01"));
        VoucherView sent = Fakes.view("210000/2026/5201/W-4", 0, Direction.OUT, "bank105", VoucherState.SENT, 0,
                "1.00", MARCH_16, Fakes.sig("cz_lr", "lr01"), Fakes.sig("cz_sh", "sh01"));
        Node finance = Fakes.node("finance", PartyRole.FINANCE,
                Map.of("list", (n, args) -> List.of(draft, entered, enteredByReviewer, sent)));
        VoucherCatalog catalog = catalog(type5201());

        Operator reviewer = new Operator("sh01", Set.of("review@finance", "operator"));
        Operator clerk = new Operator("lr01", Set.of("entry@finance", "operator"));
        Operator elsewhere = new Operator("yh02", Set.of("review@bank105", "operator"));

        List<WorkList.Item> review = WorkList.pending(finance, catalog, reviewer, 100);
        assertEquals(List.of(entered), review.stream().map(WorkList.Item::voucher).toList(),
                "a voucher I entered is not mine to review");
        assertEquals("cz_sh", review.get(0).next().no());
        assertEquals(List.of(draft), WorkList.pending(finance, catalog, clerk, 100).stream()
                .map(WorkList.Item::voucher).toList());
        assertTrue(WorkList.pending(finance, catalog, elsewhere, 100).isEmpty());
    }

    static VoucherType type5201() {
        return new VoucherType("5201", "财政直接支付凭证", PartyRole.FINANCE, PartyRole.AGENT_BANK, List.of(), List.of(),
                List.of(new VoucherType.StampPosition("cz_lr", "财政录入", Post.ENTRY, false),
                        new VoucherType.StampPosition("cz_sh", "财政审核", Post.REVIEW, false)),
                List.of(new VoucherType.StampPosition("yh_qz", "代理银行签章", Post.SEAL, true)), 1, false, "PayAmt");
    }

    static VoucherCatalog catalog(VoucherType... types) {
        return (VoucherCatalog) Proxy.newProxyInstance(VoucherCatalog.class.getClassLoader(),
                new Class<?>[] {VoucherCatalog.class}, (p, m, args) -> switch (m.getName()) {
                    case "type" -> java.util.Arrays.stream(types).filter(t -> t.vtCode().equals(args[0])).findFirst();
                    case "types" -> List.of(types);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    // ------------------------------------------------------------------ batch signing

    @Test
    void batchSignsAsTheCallerAndCountsRefusals() {
        List<String> signed = new CopyOnWriteArrayList<>();
        Node finance = Fakes.node("finance", PartyRole.FINANCE, Map.of("sign", (n, args) -> {
            VoucherKey k = (VoucherKey) args[0];
            if (k.voucherNo().equals("B-2")) {
                throw new JinkuException(RejectCode.WRONG_STATE, "already sent");
            }
            signed.add(k.voucherNo() + " by " + args[1] + " pin " + args[2]);
            return null;
        }));
        List<String> audit = new ArrayList<>();
        BatchSigner.Job job = new BatchSigner.Job("sh01", "finance",
                keys("B-1", "B-2", "B-3"), "110112");
        BatchSigner.run(finance, job, (j, k, code, msg) -> audit.add(k.voucherNo() + " " + (code == null ? "OK" : code)));

        assertEquals(List.of("B-1 by sh01 pin 110112", "B-3 by sh01 pin 110112"), signed);
        assertEquals(2, job.done.get());
        assertEquals(1, job.failed.get());
        assertEquals("WRONG_STATE", job.errors.get(0).get("error"));
        assertEquals(List.of("B-1 OK", "B-2 WRONG_STATE", "B-3 OK"), audit);
        assertTrue(job.finished != null);
        assertNull(job.stopped);
    }

    @Test
    void aWrongPinStopsTheBatchBeforeItLocksTheKey() {
        List<String> tried = new ArrayList<>();
        Node finance = Fakes.node("finance", PartyRole.FINANCE, Map.of("sign", (n, args) -> {
            tried.add(((VoucherKey) args[0]).voucherNo());
            throw new JinkuException(RejectCode.WRONG_PIN, "wrong PIN (4 of 5 tries left)");
        }));
        BatchSigner.Job job = new BatchSigner.Job("sh01", "finance", keys("P-1", "P-2", "P-3"), "000000");
        BatchSigner.run(finance, job, (j, k, code, msg) -> { });
        assertEquals(List.of("P-1"), tried, "one try only");
        assertEquals("WRONG_PIN", job.stopped);
        assertEquals(0, job.done.get());
        assertEquals(1, job.failed.get());
    }

    @Test
    void aJobIsVisibleOnlyToItsOwner() throws Exception {
        java.util.concurrent.ExecutorService ex = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            BatchSigner signer = new BatchSigner(ex);
            Node finance = Fakes.node("finance", PartyRole.FINANCE, Map.of("sign", (n, args) -> null));
            BatchSigner.Job job = signer.start(finance, "sh01", keys("O-1"), "1", (j, k, c, m) -> { });
            assertTrue(signer.find(job.id, "sh01").isPresent());
            assertFalse(signer.find(job.id, "lr01").isPresent());
            assertThrows(JinkuException.class, () -> signer.start(finance, "sh01", List.of(), "1", (j, k, c, m) -> { }));
        } finally {
            ex.shutdownNow();
        }
    }

    @Test
    void batchBodyNeedsKeysAndAPin() {
        var mapper = Json.MAPPER;
        assertEquals(2, WorkResource.keys(mapper.valueToTree(List.of("210000/2026/5201/A", "210000/2026/5201/B",
                "210000/2026/5201/A"))).size(), "duplicates once");
        assertEquals("keys[0]", assertThrows(JinkuException.class,
                () -> WorkResource.keys(mapper.valueToTree(List.of("nope")))).fieldErrors().get(0).path());
        assertEquals(RejectCode.WRONG_PIN, assertThrows(JinkuException.class, () -> WorkResource.pin(null)).code());
    }

    private static List<VoucherKey> keys(String... numbers) {
        return java.util.Arrays.stream(numbers).map(n -> new VoucherKey("210000", "2026", "5201", n)).toList();
    }

    // ------------------------------------------------------------------ timeline

    @Test
    void timelineMergesEveryNodesEventsByTime() {
        VoucherKey key = VoucherKey.parse("210000/2026/5201/T-1");
        Node finance = Fakes.node("finance", PartyRole.FINANCE, Map.of("history", (n, a) -> List.of(
                new EventView(1, MARCH_16, 0, "SUBMITTED", "lr01", "", "h1"),
                new EventView(2, MARCH_16.plusMillis(30), 0, "SENT", "system", "", "h2"),
                new EventView(3, MARCH_16.plusMillis(90), 1, "RECEIPT", "bank105", "", "h3"))));
        Node bank = Fakes.node("bank105", PartyRole.AGENT_BANK, Map.of("history", (n, a) -> List.of(
                new EventView(1, MARCH_16.plusMillis(50), 0, "RECEIVED", "finance", "", "g1"))));
        Node unit = Fakes.node("unit", PartyRole.BUDGET_UNIT, Map.of("history", (n, a) -> {
            throw new JinkuException(RejectCode.UNKNOWN_VOUCHER, "never held");
        }));
        List<String> order = Timeline.of(List.of(finance, bank, unit), key).stream()
                .map(e -> e.node() + ":" + e.event().kind()).toList();
        assertEquals(List.of("finance:SUBMITTED", "finance:SENT", "bank105:RECEIVED", "finance:RECEIPT"), order);
    }

    // ------------------------------------------------------------------ simulator faults

    @Test
    void faultsChangeOnlyOfferedSettingsChecked() {
        SimFaults.Sim bank = SimFaults.sim("bank");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("fault.delay.seconds", "5");
        props.put("ledger.dir", "/x");
        var changes = Json.MAPPER.createObjectNode().put("fault.return.meanings", "direct-payment")
                .putNull("fault.delay.seconds");
        SimFaults.apply(bank, props, changes);
        assertEquals("direct-payment", props.get("fault.return.meanings"));
        assertFalse(props.containsKey("fault.delay.seconds"));
        assertEquals("/x", props.get("ledger.dir"), "other settings untouched");
        assertEquals("direct-payment", SimFaults.values(bank, props).get("fault.return.meanings"));

        assertThrows(JinkuException.class, () -> SimFaults.apply(bank, props,
                Json.MAPPER.createObjectNode().put("ledger.dir", "/tmp")), "not offered");
        assertThrows(JinkuException.class, () -> SimFaults.apply(bank, props,
                Json.MAPPER.createObjectNode().put("fault.delay.seconds", "soon")));
        assertThrows(JinkuException.class, () -> SimFaults.apply(bank, props,
                Json.MAPPER.createObjectNode().put("fault.refuse.meanings", "DROP TABLE")));
        assertThrows(JinkuException.class, () -> SimFaults.sim("bank9"));
        assertEquals("direct-payment", props.get("fault.return.meanings"), "a refused change changes nothing");
    }

    // ------------------------------------------------------------------ reports

    @Test
    void reportsAreListedWithTheirCountsAndServedOnlyFromTheirRuns(@TempDir Path dir) throws Exception {
        Path run = Files.createDirectories(dir.resolve("run-20260316-101500"));
        Files.writeString(run.resolve("report.html"), "<html></html>");
        Files.writeString(run.resolve("junit.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuites>
                  <testsuite name="a" tests="3" failures="1" errors="0" skipped="0"/>
                  <testsuite name="b" tests="2" failures="0" errors="1" skipped="1"/>
                </testsuites>""");
        Files.createDirectories(dir.resolve("empty-run"));
        Reports reports = new Reports(dir);
        List<Reports.Run> runs = reports.runs();
        assertEquals(1, runs.size());
        Reports.Run r = runs.get(0);
        assertEquals("run-20260316-101500", r.name());
        assertEquals(List.of(5, 1, 1, 1), List.of(r.tests(), r.failures(), r.errors(), r.skipped()));
        assertTrue(reports.file("run-20260316-101500", "report.html").isPresent());
        assertEquals(Optional.empty(), reports.file("..", "report.html"));
        assertEquals(Optional.empty(), reports.file("run-20260316-101500", "../../etc/passwd"));
        assertEquals(Optional.empty(), reports.file("run-20260316-101500", "other.html"));
        assertTrue(new Reports(dir.resolve("none")).runs().isEmpty());
    }
}
